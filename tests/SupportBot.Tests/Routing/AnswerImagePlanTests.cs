using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SupportBot.Jobs.Routing;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Routing;

namespace SupportBot.Tests.Routing;

/// <summary>Images of a relayed answer: the chat shows a capped few, links the others, names what was too large to keep; none lost, none twice.</summary>
public sealed class AnswerImagePlanTests
{
    private const string Key = "a-test-key-of-at-least-thirty-two-characters";
    private static readonly Guid AnswerId = Guid.NewGuid();

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));

    private AnswerImageLinks Links => new(
        Options.Create(new OutgoingMailOptions { UnsubscribeSigningKey = Key }),
        new ReplyAddresses(Options.Create(new OutgoingMailOptions { PublicBaseUrl = "https://bot.example.edu" }), Options.Create(new SmtpOptions { FromAddress = "support@example.edu" })),
        clock);

    private AnswerImagePlan Plan => new(
        Options.Create(new RelayOptions()),
        Links,
        new ReplyAddresses(Options.Create(new OutgoingMailOptions { PublicBaseUrl = "https://bot.example.edu" }), Options.Create(new SmtpOptions { FromAddress = "support@example.edu" })));

    [Fact]
    public void Twenty_small_images_show_a_capped_few_and_link_the_others_each_once()
    {
        var images = Enumerable.Range(1, 20).Select(i => Image($"capture{i:00}.png", 300 * 1024)).ToList();

        var plan = Plan.For(AnswerId, images, fr: false);

        var options = new RelayOptions();
        Assert.InRange(plan.Shown.Count, 1, options.MaxImagesPerAnswer);
        Assert.True(plan.Shown.Sum(a => a.ContentUrl!.Length * 3L / 4) <= options.MaxImageBytesPerAnswer + (plan.Shown.Count * 100));
        Assert.Equal(20 - plan.Shown.Count, plan.Lines.Count);
        var named = plan.Shown.Select(a => a.Name!).Concat(plan.Lines.Select(l => l[..l.IndexOf(' ', StringComparison.Ordinal)])).ToList();
        Assert.Equal(images.Select(i => i.FileName), named.Order());
        Assert.All(plan.Lines, line => Assert.Matches(@"^capture\d\d\.png \(300 KB\): https://bot\.example\.edu/answers/[0-9a-f-]{36}/images/\d+\?e=\d+&s=[0-9a-f]{32}$", line));
    }

    [Fact]
    public void An_image_over_the_cap_is_linked_and_the_link_opens_only_that_image_until_it_expires()
    {
        var plan = Plan.For(AnswerId, [Image("small.png", 10 * 1024), Image("photo.jpg", 3 * 1024 * 1024)], fr: true);

        Assert.Equal("small.png", Assert.Single(plan.Shown).Name);
        var line = Assert.Single(plan.Lines);
        Assert.StartsWith("photo.jpg (3 Mo) : https://bot.example.edu/answers/", line, StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(new Uri(line[(line.IndexOf("https", StringComparison.Ordinal))..]).Query);
        var (e, s) = (long.Parse(query["e"]!, System.Globalization.CultureInfo.InvariantCulture), query["s"]!);
        Assert.Contains($"/images/1?", line, StringComparison.Ordinal);

        Assert.True(Links.IsValid(AnswerId, 1, e, s));
        Assert.False(Links.IsValid(AnswerId, 0, e, s));
        Assert.False(Links.IsValid(Guid.NewGuid(), 1, e, s));
        Assert.False(Links.IsValid(AnswerId, 1, e + 3600, s));
        Assert.False(Links.IsValid(AnswerId, 1, e, s[..^1] + (s[^1] == '0' ? '1' : '0')));
        clock.Advance(new RelayOptions().ImageLinkLifetime + TimeSpan.FromMinutes(1));
        Assert.False(Links.IsValid(AnswerId, 1, e, s));
    }

    [Fact]
    public void A_10_MB_image_in_a_reply_is_named_to_the_learner_not_dropped_nor_inlined()
    {
        var builder = new BodyBuilder { TextBody = "Voici la capture de l'erreur." };
        builder.Attachments.Add("erreur.png", new byte[10 * 1024 * 1024], new ContentType("image", "png"));
        var message = new MimeMessage { Subject = "Re: question" };
        message.From.Add(new MailboxAddress("Inès", "ines@example.org"));
        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;

        var mail = new IncomingMailReader().Read(MimeMessage.Load(stream));
        var tooLarge = Assert.Single(mail.TooLargeImages);
        Assert.Empty(mail.Images);
        var plan = Plan.For(AnswerId, [new AnswerImage(tooLarge.FileName, tooLarge.ContentType, null, null, tooLarge.Bytes, TooLarge: true)], fr: false);

        Assert.Empty(plan.Shown);
        // The size is estimated from the encoded part (line breaks included), not decoded.
        Assert.Matches(@"^erreur\.png \(10(\.\d)? MB, too large to show, ask the sender\)$", Assert.Single(plan.Lines));
    }

    private static AnswerImage Image(string name, int bytes)
    {
        var content = Encoding.ASCII.GetBytes(new string('x', bytes));
        return new AnswerImage(name, "image/png", null, Convert.ToBase64String(content), bytes);
    }
}
