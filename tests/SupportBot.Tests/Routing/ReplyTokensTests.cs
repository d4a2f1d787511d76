using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Tests.Routing;

public sealed class ReplyTokensTests
{
    [Fact]
    public void Tokens_carry_at_least_128_random_bits_in_url_safe_base64()
    {
        var token = ReplyTokens.New();

        Assert.True(ReplyTokens.RandomBytes * 8 >= 128);
        Assert.Equal(32, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{32}$", token);
    }

    [Fact]
    public void Ten_thousand_tokens_never_repeat_and_use_the_whole_alphabet()
    {
        var tokens = Enumerable.Range(0, 10_000).Select(_ => ReplyTokens.New()).ToList();

        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{32}$", t));
        // 64 symbols all appear: the tokens are not hex or otherwise narrowed.
        Assert.Equal(64, tokens.SelectMany(t => t).Distinct().Count());
    }

    [Fact]
    public void The_inbox_finds_the_token_in_the_reply_address_we_write()
    {
        var addresses = new ReplyAddresses(
            Options.Create(new OutgoingMailOptions { ReplyDomain = "example.test", PublicBaseUrl = "https://bot.example.test" }),
            Options.Create(new SupportBot.Shared.Email.SmtpOptions { FromAddress = "support@example.test" }));
        var token = ReplyTokens.New();
        var message = new MimeKit.MimeMessage();
        message.To.Add(MimeKit.MailboxAddress.Parse(addresses.ReplyTo(token)));

        var mail = new SupportBot.Shared.Email.Incoming.IncomingMailReader().Read(message);

        Assert.Equal([token], mail.ReplyTokens);
    }

    [Fact]
    public void Message_ids_are_derived_from_the_send_key_so_a_resend_has_the_same_id()
    {
        var first = MessageIds.For("question:1:ask:2:r0", "example.test");

        Assert.Equal(first, MessageIds.For("question:1:ask:2:r0", "example.test"));
        Assert.NotEqual(first, MessageIds.For("question:1:ask:3:r0", "example.test"));
        Assert.Matches(new Regex("^sb\\.[0-9a-f]{32}@example\\.test$"), first);
    }
}
