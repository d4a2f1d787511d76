using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Shared.Campaigns;

/// <summary>What a campaign message may use: {{ first_name }}, {{ module }}, {{ exam_date }}, {{ links.chat }}, {{ links.unsubscribe }}.</summary>
public sealed record CampaignValues(string? FirstName, string? Module, DateOnly? ExamDate, string ChatLink, string UnsubscribeLink);

/// <summary>
/// A tutor's bilingual message, parsed once (Fluid) and rendered per recipient. Values are
/// HTML-encoded in the HTML part; blank lines make paragraphs.
/// </summary>
public sealed partial class CampaignTemplates
{
    private static readonly FluidParser Parser = new();
    // A tutor writes the template: a loop over a huge range or a runaway include must stop, not hold a
    // job (or the preview page) for ever. A real message takes a few hundred steps.
    private static readonly TemplateOptions Options = new() { MaxSteps = 100_000, MaxRecursion = 20 };

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

    /// <summary>
    /// Parses the four templates and renders each once with sample values, or says which one is wrong
    /// and why (a syntax error, or past <see cref="TemplateOptions.MaxSteps"/> / MaxRecursion).
    /// </summary>
    public static CampaignTemplates Parse(CampaignMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new CampaignTemplates(One("subject (fr)", message.SubjectFr, false), One("message (fr)", message.BodyFr, false),
            One("subject (en)", message.SubjectEn, true), One("message (en)", message.BodyEn, true));

        static IFluidTemplate One(string what, string source, bool en)
        {
            // Fluid builds a range's whole array before a loop takes a step: the step limit cannot stop (1..50000000).
            foreach (Match range in LiteralRange().Matches(source))
            {
                if (Math.Abs(double.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture) - double.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture)) > MaxRange)
                {
                    throw new CampaignTemplateException($"The {what} has a range {range.Value} longer than {MaxRange}: shorten it.");
                }
            }

            var template = string.IsNullOrWhiteSpace(source) ? throw new CampaignTemplateException($"The {what} is empty.")
                : Parser.TryParse(source, out var parsed, out var error) ? parsed
                : throw new CampaignTemplateException($"The {what} is not a valid template: {error}");
            Bounded(what, () => template.Render(Context(Sample, en), NullEncoder.Default));
            return template;
        }
    }

    private const int MaxRange = 10_000;

    [GeneratedRegex(@"\(\s*(-?\d{1,18})\s*\.\.\s*(-?\d{1,18})\s*\)")]
    private static partial Regex LiteralRange();

    private static readonly CampaignValues Sample = new("Camille", "Module", new DateOnly(2026, 6, 15), "https://example.test/chat", "https://example.test/unsubscribe");

    /// <summary>Fluid stops a template past its limits with an InvalidOperationException: the tutor gets a precise reason.</summary>
    private static T Bounded<T>(string what, Func<T> render)
    {
        try
        {
            return render();
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("The maximum", StringComparison.Ordinal))
        {
            throw new CampaignTemplateException($"The {what} takes too many steps to render (at most {Options.MaxSteps} steps, {Options.MaxRecursion} nested levels): shorten its loops.");
        }
    }

    private static async Task<string> RenderBoundedAsync(string what, IFluidTemplate template, TemplateContext context, TextEncoder encoder)
    {
        try
        {
            return await template.RenderAsync(context, encoder);
        }
        catch (InvalidOperationException ex) when (ex.Message.StartsWith("The maximum", StringComparison.Ordinal))
        {
            throw new CampaignTemplateException($"The {what} takes too many steps to render: shorten its loops.");
        }
    }

    public async Task<RenderedMail> RenderAsync(string language, CampaignValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var en = language == "en";
        var subject = await RenderBoundedAsync("subject", en ? subjectEn : subjectFr, Context(values, en), NullEncoder.Default);
        var text = await RenderBoundedAsync("message", en ? bodyEn : bodyFr, Context(values, en), NullEncoder.Default);
        var html = await RenderBoundedAsync("message", en ? bodyEn : bodyFr, Context(values, en), Html);
        var footer = (en ? "Stop these messages: " : "Ne plus recevoir ces messages : ") + values.UnsubscribeLink;
        return new RenderedMail(subject.ReplaceLineEndings(" ").Trim(), text.Trim() + "\n\n-- \n" + footer + "\n", Paragraphs(html, values.UnsubscribeLink, en));
    }

    /// <summary>
    /// The same message as a chat message: Markdown, no footer, no blank runs, bare links made clickable,
    /// and a "stop these messages" button instead of the unsubscribe URL. In the chat the chat link
    /// would lead nowhere useful (the page asks for the course's signed link): it reads "right here".
    /// </summary>
    public async Task<CampaignChatMessage> RenderChatAsync(string language, CampaignValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var en = language == "en";
        var chatValues = values with
        {
            FirstName = EscapeMarkdown(values.FirstName),
            Module = EscapeMarkdown(values.Module),
            ChatLink = en ? "right here, in this chat" : "ici même, dans ce chat",
            UnsubscribeLink = "",
        };
        var text = await RenderBoundedAsync("message", en ? bodyEn : bodyFr, Context(chatValues, en), NullEncoder.Default);
        var lines = text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd());
        var markdown = BlankRuns().Replace(string.Join('\n', lines).Trim(), "\n\n");
        return new CampaignChatMessage(BareUrl().Replace(markdown, "<$0>"), en ? "en" : "fr");
    }

    /// <summary>Learner-supplied values (a name, a module title) must not turn into Markdown.</summary>
    private static string? EscapeMarkdown(string? value) =>
        value is null ? null : MarkdownSpecial().Replace(value, @"\$0");

    [GeneratedRegex(@"[\\`*_{}\[\]<>#|!~]")]
    private static partial Regex MarkdownSpecial();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankRuns();

    /// <summary>A URL not already inside a Markdown link or an autolink.</summary>
    [GeneratedRegex(@"(?<![(<\[\]])https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?»""']")]
    private static partial Regex BareUrl();

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

/// <summary>A campaign message as the chat shows it (Markdown) with its "stop these messages" button.</summary>
public sealed record CampaignChatMessage(string Markdown, string Language)
{
    /// <summary>The button's label, which the chat recognises when the learner clicks it (imBack sends it back as text).</summary>
    public static readonly (string French, string English) StopButton = ("Ne plus recevoir ces messages", "Stop these messages");

    public string StopLabel => Language == "en" ? StopButton.English : StopButton.French;

    public Activity ToActivity() => new()
    {
        Type = ActivityTypes.Message,
        Text = Markdown,
        TextFormat = TextFormats.Markdown,
        Locale = Language == "en" ? "en-US" : "fr-FR",
        SuggestedActions = SuggestedActions.ImBack(StopLabel),
    };

    public static bool IsStopButton(string text) =>
        string.Equals(text, StopButton.French, StringComparison.OrdinalIgnoreCase) || string.Equals(text, StopButton.English, StringComparison.OrdinalIgnoreCase);
}

public sealed class CampaignTemplateException(string message) : Exception(message);
