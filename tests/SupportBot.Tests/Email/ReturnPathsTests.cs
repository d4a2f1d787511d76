using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Tests.Email;

/// <summary>The signed return path: what a bounce to it proves, and what it does not.</summary>
public sealed class ReturnPathsTests
{
    private const string Key = "a-test-key-of-at-least-thirty-two-characters";
    private static readonly string OurMessageId = MessageIds.For("question:1:ask:2:r0", "example.test", Key);

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    private ReturnPaths Paths(string key = Key, string localPart = "support") => new(
        Options.Create(new OutgoingMailOptions { UnsubscribeSigningKey = key, BounceLocalPart = localPart, BounceTokenLifetime = TimeSpan.FromDays(30) }),
        new ReplyAddresses(
            Options.Create(new OutgoingMailOptions { ReplyDomain = "example.test" }),
            Options.Create(new SmtpOptions { FromAddress = "support@example.test" })),
        clock);

    [Fact]
    public void A_message_leaves_with_a_return_path_that_reads_back_as_its_message_id()
    {
        var message = new MimeMessage { MessageId = OurMessageId };

        var sender = Paths().EnvelopeSenderFor(message)!.Address;

        Assert.Matches($"^support\\+b\\.[a-z2-7]{{{ReturnPaths.TokenLength}}}@example\\.test$", sender);
        Assert.True(sender.IndexOf('@', StringComparison.Ordinal) <= 64, "a local part is at most 64 octets");
        var token = sender["support+b.".Length..sender.IndexOf('@', StringComparison.Ordinal)];
        Assert.Equal(new ReturnPathToken(ReturnPathVerdict.Valid, OurMessageId), Paths().Read(token));
        Assert.Equal(new ReturnPathToken(ReturnPathVerdict.Valid, OurMessageId), Paths().Read(token.ToUpperInvariant()));
    }

    [Fact]
    public void Return_paths_off_or_a_message_id_not_ours_keeps_the_default_envelope_sender()
    {
        Assert.Null(Paths(localPart: "").EnvelopeSenderFor(new MimeMessage { MessageId = OurMessageId }));
        Assert.Null(Paths().EnvelopeSenderFor(new MimeMessage { MessageId = "random.1234@example.test" }));
        Assert.Null(Paths().EnvelopeSenderFor(new MimeMessage { MessageId = OurMessageId.Replace("example.test", "elsewhere.org", StringComparison.Ordinal) }));
    }

    [Fact]
    public void An_altered_truncated_foreign_or_made_up_token_is_forged()
    {
        var token = Paths().TokenFor(OurMessageId)!;
        var flipped = token[..3] + (token[3] == 'a' ? 'b' : 'a') + token[4..];
        var otherMessage = Paths().TokenFor(MessageIds.For("question:1:ask:3:r0", "example.test", Key))!;
        var spliced = otherMessage[..25] + token[25..];

        Assert.Equal(ReturnPathVerdict.Forged, Paths().Read(flipped).Verdict);
        Assert.Equal(ReturnPathVerdict.Forged, Paths().Read(spliced).Verdict);
        Assert.Equal(ReturnPathVerdict.Forged, Paths().Read(token[..^1]).Verdict);
        Assert.Equal(ReturnPathVerdict.Forged, Paths("another-key-of-at-least-thirty-two-characters").Read(token).Verdict);
        Assert.Equal(ReturnPathVerdict.Forged, Paths().Read(new string('a', ReturnPaths.TokenLength)).Verdict);
        Assert.Equal(ReturnPathVerdict.Forged, Paths().Read(token[..^1] + "!").Verdict);
        Assert.Equal(ReturnPathVerdict.Forged, Paths().Read("").Verdict);
        Assert.Null(Paths().Read(flipped).MessageId);
    }

    [Fact]
    public void A_token_expires_after_its_lifetime()
    {
        var token = Paths().TokenFor(OurMessageId)!;

        clock.Advance(TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1));
        Assert.Equal(ReturnPathVerdict.Valid, Paths().Read(token).Verdict);

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(ReturnPathVerdict.Expired, Paths().Read(token).Verdict);
    }

    [Fact]
    public void The_finder_reads_tokens_only_from_our_bounce_local_part()
    {
        var token = Paths().TokenFor(OurMessageId)!;
        var message = new MimeMessage();
        message.To.Add(MailboxAddress.Parse($"support+b.{token}@example.test"));
        message.Cc.Add(MailboxAddress.Parse($"someone+b.{token[..^1]}x@example.test"));
        message.Headers.Add("Delivered-To", $"support+q.{token}@example.test");

        Assert.Equal([token], new ReturnPathFinder(Paths()).Find(message.Headers));
        Assert.Empty(new ReturnPathFinder(Paths(localPart: "")).Find(message.Headers));
    }

    [Theory]
    [InlineData("a-bounce-local-part-too-long", "BounceLocalPart")]
    [InlineData("bounce+x", "BounceLocalPart")]
    public void A_bounce_local_part_that_cannot_make_a_valid_address_is_refused_at_start(string localPart, string member)
    {
        var options = new OutgoingMailOptions { PublicBaseUrl = "https://x.example", UnsubscribeSigningKey = Key, BounceLocalPart = localPart };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();

        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
        Assert.Contains(results, r => r.MemberNames.Contains(member));
    }
}
