using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Shared.Campaigns;

/// <summary>What a campaign message may use: {{ first_name }}, {{ module }}, {{ exam_date }}, {{ links.chat }}, {{ links.unsubscribe }}.</summary>
public sealed record CampaignValues(string? FirstName, string? Module, DateOnly? ExamDate, string ChatLink, string UnsubscribeLink);

/// <summary>
/// A tutor's bilingual message, parsed once (Fluid) and rendered per recipient. Values are
/// HTML-encoded in the HTML part; blank lines make paragraphs.
/// </summary>
public sealed class CampaignTemplates
{
    private static readonly FluidParser Parser = new();
    private static readonly TemplateOptions Options = new();

    // Accents stay readable in the HTML source; markup characters are still encoded.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly IFluidTemplate subjectFr;
    private readonly IFluidTemplate bodyFr;
    private readonly IFluidTemplate subjectEn;
    private readonly IFluidTemplate bodyEn;

    private CampaignTemplates(IFluidTemplate subjectFr, IFluidTemplate bodyFr, IFluidTemplate subjectEn, IFluidTemplate bodyEn)
    {
        this.subjectFr = subjectFr;
        this.bodyFr = bodyFr;
        this.subjectEn = subjectEn;
        this.bodyEn = bodyEn;
    }

    /// <summary>Parses the four templates, or says which one is wrong and why.</summary>
    public static CampaignTemplates Parse(CampaignMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new CampaignTemplates(One("subject (fr)", message.SubjectFr), One("message (fr)", message.BodyFr), One("subject (en)", message.SubjectEn), One("message (en)", message.BodyEn));

        static IFluidTemplate One(string what, string source) =>
            string.IsNullOrWhiteSpace(source) ? throw new CampaignTemplateException($"The {what} is empty.")
            : Parser.TryParse(source, out var template, out var error) ? template
            : throw new CampaignTemplateException($"The {what} is not a valid template: {error}");
    }

    public async Task<RenderedMail> RenderAsync(string language, CampaignValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var en = language == "en";
        var subject = await (en ? subjectEn : subjectFr).RenderAsync(Context(values, en), NullEncoder.Default);
        var text = await (en ? bodyEn : bodyFr).RenderAsync(Context(values, en), NullEncoder.Default);
        var html = await (en ? bodyEn : bodyFr).RenderAsync(Context(values, en), Html);
        var footer = (en ? "Stop these messages: " : "Ne plus recevoir ces messages : ") + values.UnsubscribeLink;
        return new RenderedMail(subject.ReplaceLineEndings(" ").Trim(), text.Trim() + "\n\n-- \n" + footer + "\n", Paragraphs(html, values.UnsubscribeLink, en));
    }

    private static TemplateContext Context(CampaignValues v, bool en)
    {
        var culture = CultureInfo.GetCultureInfo(en ? "en-GB" : "fr-FR");
        var context = new TemplateContext(Options);
        context.SetValue("first_name", v.FirstName ?? "");
        context.SetValue("module", v.Module ?? "");
        context.SetValue("exam_date", v.ExamDate is { } d ? d.ToString("d MMMM yyyy", culture) : "");
        context.SetValue("links", new Dictionary<string, object> { ["chat"] = v.ChatLink, ["unsubscribe"] = v.UnsubscribeLink });
        return context;
    }

    private static string Paragraphs(string encodedBody, string unsubscribeLink, bool en)
    {
        var html = new StringBuilder("<!DOCTYPE html><html><body>");
        foreach (var paragraph in encodedBody.ReplaceLineEndings("\n").Trim().Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            html.Append("<p>").Append(paragraph.Trim().Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>");
        }

        html.Append("<p style=\"font-size:small;color:#666\"><a href=\"").Append(WebUtility.HtmlEncode(unsubscribeLink)).Append("\">")
            .Append(en ? "Stop these messages" : "Ne plus recevoir ces messages").Append("</a></p></body></html>");
        return html.ToString();
    }
}

public sealed class CampaignTemplateException(string message) : Exception(message);
