using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Cli.Teams;

internal static class TeamsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Where to write the zip", DefaultValueFactory = _ => "supportbot-teams.zip" };
        var developer = new Option<string>("--developer") { Description = "The publisher shown in Teams (your institution)", DefaultValueFactory = _ => "SupportBot" };
        var privacy = new Option<string?>("--privacy-url") { Description = "Your privacy statement (https); default: the public base URL" };
        var terms = new Option<string?>("--terms-url") { Description = "Your terms of use (https); default: the public base URL" };
        var version = new Option<string>("--app-version") { Description = "The app version (raise it for each upload)", DefaultValueFactory = _ => "1.0.0" };
        var package = new Command("package", "Build the Teams app package (manifest.json, French strings, icons) from Bot:MicrosoftAppId and OutgoingMail:PublicBaseUrl")
        {
            output, developer, privacy, terms, version,
        };
        package.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            // Raw settings: packaging needs neither the bot's secret nor the mail keys on the admin's machine.
            var settings = services.GetRequiredService<IConfiguration>();
            var appId = settings[$"{BotOptions.SectionName}:{nameof(BotOptions.MicrosoftAppId)}"];
            var publicUrl = settings[$"{OutgoingMailOptions.SectionName}:{nameof(OutgoingMailOptions.PublicBaseUrl)}"] ?? "";
            var problems = new List<string>();
            if (!Guid.TryParse(appId, out var botId))
            {
                problems.Add("Bot:MicrosoftAppId must be the Azure Bot's Microsoft App ID (a GUID)");
            }

            var baseUrl = HttpsUrl("OutgoingMail:PublicBaseUrl", publicUrl, problems);
            var privacyUrl = HttpsUrl("--privacy-url", parse.GetValue(privacy) ?? publicUrl, problems);
            var termsUrl = HttpsUrl("--terms-url", parse.GetValue(terms) ?? publicUrl, problems);
            if (problems.Count > 0)
            {
                foreach (var problem in problems)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"supportbot: {problem}");
                }

                return 1;
            }

            var path = Path.GetFullPath(parse.GetValue(output)!);
            await TeamsAppPackage.WriteAsync(
                new TeamsAppSettings(botId.ToString(), baseUrl!, parse.GetValue(developer)!, privacyUrl!, termsUrl!, parse.GetValue(version)!), path, token);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"{path}: upload it in Teams (Apps > Manage your apps > Upload an app) or the Teams admin center");
            return 0;
        }, ct, needsDatabase: false));
        return new Command("teams", "Microsoft Teams") { package };
    }

    private static Uri? HttpsUrl(string name, string value, List<string> problems)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps)
        {
            return url;
        }

        problems.Add($"{name} must be a public https URL (Teams refuses others), not '{value}'");
        return null;
    }
}
