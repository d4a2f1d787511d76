using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Data;
using SupportBot.Shared.Email;

namespace SupportBot.Cli.Doctor;

/// <summary>One line of the doctor's report: what was checked, what was found, and what to change when it failed.</summary>
internal sealed record DoctorResult(string Check, bool Passed, string Finding, string? Fix = null);

/// <summary>
/// Checks the production settings piece by piece, each on its own: a failure never stops the others,
/// and an invalid setting is a failed check naming it, not a crash.
/// </summary>
internal sealed class DoctorChecks(IServiceProvider services, IHttpClientFactory httpClients)
{
    public const string HttpClientName = "SupportBot.Doctor";

    /// <summary>The keys that sign what leaves the bot (tokens, links); a leak of one lets anyone forge them.</summary>
    private static readonly string[] SigningKeys =
    [
        "DirectLine:TokenSigningKey",
        "LearnerLinks:SigningKey",
        "OutgoingMail:UnsubscribeSigningKey",
    ];

    public async Task<IReadOnlyList<DoctorResult>> RunAsync(CancellationToken ct)
    {
        var checks = new (string Name, Func<CancellationToken, Task<DoctorResult>> Run, string Fix)[]
        {
            ("database", DatabaseAsync, "check Database:ConnectionString (host, port, user, password) and that PostgreSQL runs"),
            ("smtp", SmtpAsync, "check Smtp:Host, Port, Security and the login (Smtp:Auth, UserName/Password or OAuth2; docs/DEPLOY.md)"),
            ("imap", ImapAsync, "check Imap:Host, Port, Security and the login (Imap:Auth, UserName/Password or OAuth2; docs/DEPLOY.md)"),
            ("bot token", BotTokenAsync, "check Bot:MicrosoftAppId, MicrosoftAppPassword, AppType and TenantId against the Azure Bot resource"),
            ("public URL", PublicUrlAsync, "set OutgoingMail:PublicBaseUrl to the https address the reverse proxy serves, and check the bot host runs"),
            ("signing keys", _ => Task.FromResult(Keys()), "set each key to 32+ random characters in the environment (openssl rand -hex 32), one per key"),
            ("teams tenants", _ => Task.FromResult(Tenants()), "set Bot:AllowedTenants (and Bot:TenantId for a single-tenant bot) to your Entra tenant ids"),
        };
        var results = new List<DoctorResult>();
        foreach (var (name, run, fix) in checks)
        {
            try
            {
                results.Add(await run(ct));
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                var detail = ex is OptionsValidationException invalid ? "invalid setting " + string.Join("; ", invalid.Failures) : ex.Message;
                results.Add(new DoctorResult(name, false, detail.ReplaceLineEndings(" "), fix));
            }
        }

        return results;
    }

    private async Task<DoctorResult> DatabaseAsync(CancellationToken ct)
    {
        var migrator = services.GetRequiredService<DatabaseMigrator>();
        var pending = await Task.Run(migrator.PendingScripts, ct);
        return pending.Count == 0
            ? new("database", true, "reachable, every migration applied")
            : new("database", false, $"reachable, {pending.Count} migration(s) not applied (first: {pending[0]})", "run: supportbot migrate (or set Database:MigrateOnStart=true)");
    }

    private async Task<DoctorResult> SmtpAsync(CancellationToken ct)
    {
        var smtp = services.GetRequiredService<IOptions<SmtpOptions>>().Value;
        using var client = new SmtpClient { Timeout = 15_000 };
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, ct);
        await services.GetRequiredService<MailLogin>().LogInAsync(client, ct);
        await client.DisconnectAsync(true, ct);
        var login = smtp.Auth == MailAuthMode.OAuth2 ? $"logged in with an OAuth2 token ({smtp.OAuth2.Provider})"
            : string.IsNullOrEmpty(smtp.UserName) ? "no login (relay)" : "logged in with a password";
        return new("smtp", true, $"{smtp.Host}:{smtp.Port} answers, {login}");
    }

    private async Task<DoctorResult> ImapAsync(CancellationToken ct)
    {
        var imap = services.GetRequiredService<IOptions<ImapOptions>>().Value;
        using var client = new ImapClient { Timeout = 15_000 };
        await client.ConnectAsync(imap.Host, imap.Port, imap.Security, ct);
        await services.GetRequiredService<MailLogin>().LogInAsync(client, ct);
        try
        {
            var folder = string.Equals(imap.Folder, "INBOX", StringComparison.OrdinalIgnoreCase) ? client.Inbox : await client.GetFolderAsync(imap.Folder, ct);
            await folder.StatusAsync(MailKit.StatusItems.Count, ct);
            return new("imap", true, $"{imap.Host}:{imap.Port} logged in as {imap.UserName} ({imap.Auth}), folder {imap.Folder} holds {folder.Count} message(s)");
        }
        catch (MailKit.FolderNotFoundException)
        {
            return new("imap", false, $"logged in as {imap.UserName}, but the folder {imap.Folder} does not exist", "set Imap:Folder to an existing folder of the support mailbox (INBOX by default)");
        }
        finally
        {
            await client.DisconnectAsync(true, ct);
        }
    }

    private async Task<DoctorResult> BotTokenAsync(CancellationToken ct)
    {
        var bot = services.GetRequiredService<IOptions<BotOptions>>().Value;
        if (!bot.AuthenticationEnabled)
        {
            return new("bot token", false, "Bot:MicrosoftAppId is not set: Teams cannot reach the bot", "set Bot:MicrosoftAppId (and its secret or managed identity) from the Azure Bot resource");
        }

        var token = await services.GetRequiredService<ConnectorTokenSource>().GetTokenAsync(ct);
        var authority = bot.AppType == BotAppType.UserAssignedMSI ? "the managed identity endpoint" : bot.ResolveTokenEndpoint().GetLeftPart(UriPartial.Path);
        return token is null
            ? new("bot token", false, "no token obtained", "check the Bot section")
            : new("bot token", true, $"{bot.AppType} app {bot.MicrosoftAppId} obtained a Connector token from {authority}");
    }

    private async Task<DoctorResult> PublicUrlAsync(CancellationToken ct)
    {
        var value = services.GetRequiredService<IConfiguration>()["OutgoingMail:PublicBaseUrl"] ?? "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            return new("public URL", false, $"OutgoingMail:PublicBaseUrl '{value}' is not an https URL", "serve the bot behind a reverse proxy with TLS and set OutgoingMail:PublicBaseUrl=https://...");
        }

        var healthz = new Uri(new Uri(url.AbsoluteUri.TrimEnd('/') + "/"), "healthz");
        using var response = await httpClients.CreateClient(HttpClientName).GetAsync(healthz, ct);
        return response.IsSuccessStatusCode
            ? new("public URL", true, $"{healthz} answers {(int)response.StatusCode}")
            : new("public URL", false, $"{healthz} answers {(int)response.StatusCode} {response.ReasonPhrase}", "open the bot host's health page (/healthz) to see which part is down");
    }

    private DoctorResult Keys()
    {
        var settings = services.GetRequiredService<IConfiguration>();
        var development = DevelopmentKeys();
        var problems = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in SigningKeys)
        {
            var value = settings[name] ?? "";
            if (value.Length < 32)
            {
                problems.Add(value.Length == 0 ? $"{name} is not set" : $"{name} is shorter than 32 characters");
            }
            else if (development.Contains(value))
            {
                problems.Add($"{name} is the development key run.sh made in .data/secrets.env");
            }
            else if (value.Distinct().Count() < 8)
            {
                problems.Add($"{name} is not random");
            }
            else if (seen.TryGetValue(value, out var other))
            {
                problems.Add($"{name} is the same as {other}");
            }

            seen.TryAdd(value, name);
        }

        return problems.Count == 0
            ? new("signing keys", true, $"{SigningKeys.Length} keys set, distinct, not the development ones")
            : new("signing keys", false, string.Join("; ", problems), "set each key to 32+ random characters in the environment (openssl rand -hex 32), one per key");
    }

    /// <summary>The keys ./run.sh generated for local development, when this machine has them.</summary>
    private static HashSet<string> DevelopmentKeys()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            {
                var file = Path.Combine(dir.FullName, ".data", "secrets.env");
                if (File.Exists(file))
                {
                    foreach (var line in File.ReadAllLines(file, Encoding.UTF8))
                    {
                        if (line.Split('=', 2) is [_, var value] && value.Length > 0)
                        {
                            keys.Add(value);
                        }
                    }
                }
            }
        }

        return keys;
    }

    private DoctorResult Tenants()
    {
        var bot = services.GetRequiredService<IConfiguration>().GetSection(BotOptions.SectionName).Get<BotOptions>() ?? new BotOptions();
        var tenants = bot.AllowedTenants.Append(bot.TenantId ?? "").Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (tenants.Count == 0)
        {
            return new("teams tenants", false, "no tenant allowed: every Teams user would be refused", "set Bot:AllowedTenants:0 (and Bot:TenantId for a single-tenant bot) to your Entra tenant id");
        }

        var notGuids = tenants.Where(t => !Guid.TryParse(t, out _)).ToList();
        return notGuids.Count == 0
            ? new("teams tenants", true, $"{tenants.Count} tenant(s) allowed: {string.Join(", ", tenants)}")
            : new("teams tenants", false, $"not tenant ids (GUIDs): {string.Join(", ", notGuids)}", "use the tenant's id (Entra admin center > Overview > Tenant ID), not its domain name");
    }
}
