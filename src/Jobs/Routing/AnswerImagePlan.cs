using System.Globalization;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Routing;
using SupportBot.Shared.Templates;

namespace SupportBot.Jobs.Routing;

/// <summary>
/// Which images of a relayed answer the chat shows, and how the others reach the learner. Teams gets
/// shown images inline in the activity (a data: URL), and a channel refuses an activity that is too
/// large (413), so each shown image and their total are capped (Relay:MaxImageBytes,
/// MaxImageBytesPerAnswer, MaxImagesPerAnswer); every other image is a line of the text with a
/// signed download link, and one too large to have been kept is named, "ask the sender". Each
/// image appears exactly once, in message order.
/// </summary>
public sealed class AnswerImagePlan(IOptions<RelayOptions> options, AnswerImageLinks links, ReplyAddresses addresses)
{
    /// <param name="Shown">Attachments the chat displays.</param>
    /// <param name="Lines">One line per image not shown, for the end of the text.</param>
    public sealed record Result(IReadOnlyList<Attachment> Shown, IReadOnlyList<string> Lines);

    public Result For(Guid answerId, IReadOnlyList<AnswerImage> images, bool fr)
    {
        ArgumentNullException.ThrowIfNull(images);
        var o = options.Value;
        var shown = new List<Attachment>();
        var lines = new List<string>();
        long total = 0;
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i];
            var bytes = SizeOf(image);
            if (image.TooLarge || (image.UploadId is null && image.Data is null))
            {
                lines.Add(fr
                    ? $"{image.FileName} ({Size(bytes, fr)}, trop volumineuse pour être affichée, demandez-la à l'expéditeur)"
                    : $"{image.FileName} ({Size(bytes, fr)}, too large to show, ask the sender)");
            }
            else if (bytes <= o.MaxImageBytes && total + bytes <= o.MaxImageBytesPerAnswer && shown.Count < o.MaxImagesPerAnswer)
            {
                shown.Add(Attachment(image));
                total += bytes;
            }
            else
            {
                var link = links.For(answerId, i, o.ImageLinkLifetime);
                lines.Add(fr ? $"{image.FileName} ({Size(bytes, fr)}) : {link}" : $"{image.FileName} ({Size(bytes, fr)}): {link}");
            }
        }

        return new Result(shown, lines);
    }

    /// <summary>The images as the email copy names them: each one linked (mail is no place for megabytes), or named when too large to keep.</summary>
    public IReadOnlyList<AnswerCopyImage> ForEmail(Guid answerId, IReadOnlyList<AnswerImage> images, bool fr)
    {
        ArgumentNullException.ThrowIfNull(images);
        return [.. images.Select((image, i) => new AnswerCopyImage(
            image.FileName,
            Size(SizeOf(image), fr),
            image.TooLarge || (image.UploadId is null && image.Data is null) ? null : links.For(answerId, i, options.Value.ImageLinkLifetime)))];
    }

    /// <summary>The recorded size, else (answers stored before it was) the decoded size of inline data; 0 when unknown.</summary>
    private static long SizeOf(AnswerImage image) =>
        image.Bytes ?? (image.Data is { } data ? data.Length / 4L * 3 : 0);

    private static string Size(long bytes, bool fr)
    {
        var culture = CultureInfo.GetCultureInfo(fr ? "fr-FR" : "en-US");
        return bytes >= 1024 * 1024
            ? (bytes / (1024.0 * 1024)).ToString("0.#", culture) + (fr ? " Mo" : " MB")
            : Math.Max(1, bytes / 1024).ToString(culture) + (fr ? " Ko" : " KB");
    }

    private Attachment Attachment(AnswerImage image) => new()
    {
        ContentType = image.ContentType,
        Name = image.FileName,
        ContentUrl = image.UploadId is { } upload
            ? addresses.Link("v3/directline/attachments/" + Uri.EscapeDataString(upload))
            : $"data:{image.ContentType};base64,{image.Data}",
    };
}
