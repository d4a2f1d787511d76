using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Routing;

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
        var first = MessageIds.For("question:1:ask:2:r0", "example.test", Secret);

        Assert.Equal(first, MessageIds.For("question:1:ask:2:r0", "example.test", Secret));
        Assert.NotEqual(first, MessageIds.For("question:1:ask:3:r0", "example.test", Secret));
        Assert.Matches(new Regex("^sb\\.[0-9a-f]{32}@example\\.test$"), first);
    }

    [Fact]
    public void Message_ids_cannot_be_computed_from_the_ids_they_stand_for()
    {
        // Send keys are made of database ids: without the secret, whoever knows them must not get the Message-ID
        // (a forged bounce quoting it would stop mail to a tutor).
        const string key = "question:1:ask:2:r0";
        var id = MessageIds.For(key, "example.test", Secret);

        var unkeyed = "sb." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..32] + "@example.test";
        Assert.NotEqual(unkeyed, id);
        Assert.NotEqual(id, MessageIds.For(key, "example.test", "another-deployment-secret-0123456789abcdef"));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("12:00:00")]
    [InlineData("400.00:00:00")]
    public void A_reply_token_lifetime_out_of_range_is_refused_by_its_name(string value)
    {
        var options = new RoutingOptions { ReplyTokenLifetime = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) };
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(RoutingOptions.ReplyTokenLifetime)));
        var defaults = new RoutingOptions();
        Assert.True(Validator.TryValidateObject(defaults, new ValidationContext(defaults), [], validateAllProperties: true));
    }

    private const string Secret = "test-secret-test-secret-test-secret-0123";
}
