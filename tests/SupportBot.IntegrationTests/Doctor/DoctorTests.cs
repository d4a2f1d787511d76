using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SupportBot.Cli;
using SupportBot.Cli.Doctor;
using SupportBot.Shared.Hosting;

namespace SupportBot.IntegrationTests.Doctor;

/// <summary>`supportbot doctor` against the local stack: everything right, then everything wrong.</summary>
public sealed class DoctorTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private const string AppId = "6f1c2a4e-9b7d-4c1e-8a3f-2d5e7b9c1a0f";
    private const string Tenant = "0d9a7e4b-2f6c-4e8a-9b1d-3c5f7a9e1b2d";

    [Fact]
    public async Task With_good_settings_every_check_passes_and_the_exit_code_is_zero()
    {
        await using var connector = await FakeConnectorService.StartAsync();
        using var certificate = LocalCertificate.ForLoopback();
        await using var bot = await HealthyBotAsync(certificate);
        var settings = TestServices.HostSettings(db.ConnectionString);
        settings["Bot:MicrosoftAppId"] = AppId;
        settings["Bot:MicrosoftAppPassword"] = "bot-secret";
        settings["Bot:TokenEndpoint"] = connector.TokenEndpoint;
        settings["Bot:AllowedTenants:0"] = Tenant;
        settings["OutgoingMail:PublicBaseUrl"] = bot.Urls.First();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSupportBotShared();
        builder.Services.AddHttpClient(DoctorChecks.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => LocalCertificate.TrustingHandler(certificate));
        using var host = builder.Build();
        using var output = new StringWriter();

        var exit = await DoctorCommand.RunAsync(host.Services, output, CancellationToken.None);

        var lines = output.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.True(exit == 0, output.ToString());
        Assert.Equal(["database", "smtp", "imap", "bot token", "public URL", "signing keys", "teams tenants"],
            lines.SkipLast(1).Select(l => l[6..l.IndexOf(':', StringComparison.Ordinal)]));
        Assert.All(lines.SkipLast(1), l => Assert.StartsWith("ok    ", l, StringComparison.Ordinal));
        Assert.Contains("bot token: MultiTenant app " + AppId + " obtained a Connector token", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("All checks passed.", lines[^1]);
        Assert.Single(connector.TokenRequests);
    }

    [Fact]
    public async Task With_broken_settings_each_failure_says_what_to_fix_and_the_exit_code_is_one()
    {
        var empty = "sb_empty_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(TestServices.PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {empty}", admin);
            await create.ExecuteNonQueryAsync();
        }

        using var output = new StringWriter();
        string[] args =
        [
            "doctor",
            "--set", $"Database:ConnectionString={FreshDatabase.ConnectionStringFor(empty)}",
            "--set", "Smtp:Host=127.0.0.1", "--set", "Smtp:Port=1", "--set", "Smtp:Security=None", "--set", "Smtp:FromAddress=support@example.test",
            "--set", "Imap:Host=127.0.0.1", "--set", $"Imap:Port={TestServices.ImapPort}", "--set", "Imap:Security=None",
            "--set", "Imap:UserName=support", "--set", "Imap:Password=support", "--set", "Imap:Folder=NoSuchFolder",
            "--set", "Bot:MicrosoftAppId=", "--set", "Bot:AllowedTenants:0=contoso.example",
            "--set", "OutgoingMail:PublicBaseUrl=http://support.example.edu",
            "--set", "DirectLine:TokenSigningKey=short", "--set", "LearnerLinks:SigningKey=" + new string('a', 40),
            "--set", "OutgoingMail:UnsubscribeSigningKey=",
        ];

        var exit = await CliProgram.CreateRoot().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = output });

        var text = output.ToString();
        Assert.Equal(1, exit);
        Assert.Contains("FAIL  database: reachable, ", text, StringComparison.Ordinal);
        Assert.Contains("migration(s) not applied (first: SupportBot.Shared.Data.Migrations.0001", text, StringComparison.Ordinal);
        Assert.Contains("-> run: supportbot migrate", text, StringComparison.Ordinal);
        Assert.Contains("FAIL  smtp: ", text, StringComparison.Ordinal);
        Assert.Contains("-> check Smtp:Host, Port, Security", text, StringComparison.Ordinal);
        Assert.Contains("FAIL  imap: logged in as support, but the folder NoSuchFolder does not exist -> set Imap:Folder", text, StringComparison.Ordinal);
        Assert.Contains("FAIL  bot token: Bot:MicrosoftAppId is not set", text, StringComparison.Ordinal);
        Assert.Contains("FAIL  public URL: OutgoingMail:PublicBaseUrl 'http://support.example.edu' is not an https URL", text, StringComparison.Ordinal);
        Assert.Contains("FAIL  signing keys: DirectLine:TokenSigningKey is shorter than 32 characters; LearnerLinks:SigningKey is not random; OutgoingMail:UnsubscribeSigningKey is not set", text, StringComparison.Ordinal);
        Assert.Contains("FAIL  teams tenants: not tenant ids (GUIDs): contoso.example", text, StringComparison.Ordinal);
        Assert.EndsWith("7 of 7 checks failed.", text.TrimEnd(), StringComparison.Ordinal);
    }

    /// <summary>The bot host's /healthz behind TLS, as the reverse proxy serves it.</summary>
    private static async Task<WebApplication> HealthyBotAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Text("Healthy"));
        await app.StartAsync();
        return app;
    }
}
