using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using Fluid;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Shared.Templates;

/// <summary>
/// Renders the embedded bilingual mail templates (Templates/Mail/&lt;name&gt;.&lt;fr|en&gt;.&lt;txt|html&gt;.liquid)
/// with Fluid. The first line of the text template is the subject, so each wording lives in one file.
/// Values are HTML-encoded in the HTML part and left as they are in the text part.
/// </summary>
public sealed class MailTemplates
{
    private static readonly FluidParser Parser = new();
    private readonly ConcurrentDictionary<string, IFluidTemplate> cache = new();
    private readonly TemplateOptions options = new();

    public static string LanguageOf(string? locale) =>
        locale is not null && locale.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "fr";

    /// <param name="values">Strings, booleans and numbers by the template's variable names; null becomes "".</param>
    public async Task<RenderedMail> RenderAsync(string name, string language, IReadOnlyDictionary<string, object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var lang = LanguageOf(language);
        var text = (await RenderPartAsync($"{name}.{lang}.txt", values, NullEncoder.Default)).ReplaceLineEndings("\n");
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var subject = (newline < 0 ? text : text[..newline]).Trim();
        var body = newline < 0 ? "" : text[(newline + 1)..].Trim() + "\n";
        var html = await RenderPartAsync($"{name}.{lang}.html", values, HtmlEncoder.Default);
        return new RenderedMail(subject, body, html);
    }

    private async Task<string> RenderPartAsync(string file, IReadOnlyDictionary<string, object?> values, TextEncoder encoder)
    {
        var template = cache.GetOrAdd(file, Load);
        var context = new TemplateContext(options);
        foreach (var (key, value) in values)
        {
            context.SetValue(key, value ?? "");
        }

        return await template.RenderAsync(context, encoder);
    }

    private static IFluidTemplate Load(string file)
    {
        var resource = $"SupportBot.Shared.Templates.Mail.{file}.liquid";
        using var stream = typeof(MailTemplates).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Mail template {resource} is not embedded.");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        return Parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"Mail template {file}: {error}");
    }
}
