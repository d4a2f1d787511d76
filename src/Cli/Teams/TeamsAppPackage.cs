using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.Cli.Teams;

/// <summary>What an institution's Teams admin uploads: manifest.json, fr.json (French strings) and the two icons.</summary>
internal sealed record TeamsAppSettings(
    string BotId,
    Uri PublicBaseUrl,
    string Developer,
    Uri PrivacyUrl,
    Uri TermsUrl,
    string Version);

/// <summary>
/// Builds the Teams app package for the bot: manifest schema 1.30, the newest that Microsoft's
/// @microsoft/app-manifest ships (a test validates the package against that package's schema).
/// English is the default language; French comes as a localization file, commands included.
/// </summary>
internal static class TeamsAppPackage
{
    public const string ManifestVersion = "1.30";
    public const string SchemaUrl = $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.schema.json";
    public const string LocalizationSchemaUrl = $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.Localization.schema.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The commands Teams suggests, in both languages: words the turn pipeline already understands.</summary>
    private static readonly (string En, string EnHelp, string Fr, string FrHelp)[] Commands =
    [
        ("help", "What I can do for you", "aide", "Ce que je peux faire pour vous"),
        ("I want to help", "Become a volunteer peer who answers by email", "je veux aider", "Devenir pair bénévole qui répond par e-mail"),
        ("study group", "Join a study group of your module", "groupe d'étude", "Rejoindre un groupe d'étude de votre module"),
        ("stop", "Stop the emails SupportBot sends you", "stop", "Ne plus recevoir d'e-mails de SupportBot"),
    ];

    public static JsonObject Manifest(TeamsAppSettings settings)
    {
        JsonArray CommandList() => [.. Commands.Select(c => (JsonNode)new JsonObject { ["title"] = c.En, ["description"] = c.EnHelp })];
        return new JsonObject
        {
            ["$schema"] = SchemaUrl,
            ["manifestVersion"] = ManifestVersion,
            ["version"] = settings.Version,
            ["id"] = settings.BotId,
            ["localizationInfo"] = new JsonObject
            {
                ["defaultLanguageTag"] = "en-us",
                ["additionalLanguages"] = new JsonArray(new JsonObject { ["languageTag"] = "fr-fr", ["file"] = "fr.json" }),
            },
            ["developer"] = new JsonObject
            {
                ["name"] = settings.Developer,
                ["websiteUrl"] = settings.PublicBaseUrl.AbsoluteUri,
                ["privacyUrl"] = settings.PrivacyUrl.AbsoluteUri,
                ["termsOfUseUrl"] = settings.TermsUrl.AbsoluteUri,
            },
            ["name"] = new JsonObject { ["short"] = "SupportBot", ["full"] = "SupportBot: learner support" },
            ["description"] = new JsonObject
            {
                ["short"] = "Answers to your course's technical questions, and peers who help",
                ["full"] = "Ask your technical questions about the course in your own words. SupportBot answers from a bilingual knowledge base; "
                    + "when it cannot, it asks volunteer peers or the tutors of your module by email and brings their answer back here.",
            },
            ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
            ["accentColor"] = "#4B53BC",
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = settings.BotId,
                ["scopes"] = new JsonArray("personal", "team"),
                ["supportsFiles"] = false,
                ["isNotificationOnly"] = false,
                ["commandLists"] = new JsonArray(
                    new JsonObject { ["scopes"] = new JsonArray("personal"), ["commands"] = CommandList() },
                    new JsonObject { ["scopes"] = new JsonArray("team"), ["commands"] = CommandList() }),
            }),
            ["validDomains"] = new JsonArray(settings.PublicBaseUrl.Host),
        };
    }

    /// <summary>The French strings, keyed by the manifest paths they replace.</summary>
    public static JsonObject French()
    {
        var strings = new JsonObject
        {
            ["$schema"] = LocalizationSchemaUrl,
            ["name.short"] = "SupportBot",
            ["name.full"] = "SupportBot : aide aux apprenants",
            ["description.short"] = "Réponses à vos questions techniques du cours, et des pairs qui aident",
            ["description.full"] = "Posez vos questions techniques sur le cours avec vos mots. SupportBot répond à partir d'une base de connaissances bilingue ; "
                + "sinon, il interroge par e-mail des pairs bénévoles ou les tuteurs de votre module et vous rapporte leur réponse ici.",
        };
        for (var list = 0; list < 2; list++)
        {
            for (var i = 0; i < Commands.Length; i++)
            {
                strings[$"bots[0].commandLists[{list}].commands[{i}].title"] = Commands[i].Fr;
                strings[$"bots[0].commandLists[{list}].commands[{i}].description"] = Commands[i].FrHelp;
            }
        }

        return strings;
    }

    public static async Task WriteAsync(TeamsAppSettings settings, string path, CancellationToken ct)
    {
        await using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        await AddAsync(zip, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(Manifest(settings), Indented), ct);
        await AddAsync(zip, "fr.json", JsonSerializer.SerializeToUtf8Bytes(French(), Indented), ct);
        foreach (var icon in new[] { "color.png", "outline.png" })
        {
            await using var resource = typeof(TeamsAppPackage).Assembly.GetManifestResourceStream($"SupportBot.Cli.Teams.{icon}")
                ?? throw new InvalidOperationException($"the {icon} resource is missing from the build");
            using var bytes = new MemoryStream();
            await resource.CopyToAsync(bytes, ct);
            await AddAsync(zip, icon, bytes.ToArray(), ct);
        }
    }

    private static async Task AddAsync(ZipArchive zip, string name, byte[] content, CancellationToken ct)
    {
        // Teams wants the files at the root of the zip, not in a folder.
        await using var entry = await zip.CreateEntry(name).OpenAsync(ct);
        await entry.WriteAsync(content, ct);
    }
}
