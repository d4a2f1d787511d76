using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Email;

namespace SupportBot.IntegrationTests.Email;

/// <summary>Dovecot checking bearer tokens against the local token issuer, for one test class.</summary>
public sealed class OAuthMailServers : IAsyncLifetime
{
    public const string Mailbox = "support@example.test";

    internal LocalMailTokenIssuer Issuer { get; private set; } = null!;

    internal DovecotMailServer Dovecot { get; private set; } = null!;

    public string KeyFolder { get; } = Directory.CreateTempSubdirectory("sb-google-key-").FullName;

    public async Task InitializeAsync()
    {
        Issuer = await LocalMailTokenIssuer.StartAsync();
        Dovecot = await DovecotMailServer.StartAsync(Issuer.IntrospectionUrl);
    }

    public async Task DisposeAsync()
    {
        await Dovecot.DisposeAsync();
        await Issuer.DisposeAsync();
        Directory.Delete(KeyFolder, recursive: true);
    }

    /// <summary>Imap and Smtp with Auth=OAuth2 through Microsoft 365's client credentials, for a new app registration.</summary>
    public void UseMicrosoft(Dictionary<string, string?> settings, string section = "Imap", string? clientSecret = null)
    {
        var (clientId, secret) = Issuer.RegisterApp(Mailbox);
        settings[$"{section}:Host"] = "127.0.0.1";
        settings[$"{section}:Port"] = (section == "Imap" ? Dovecot.ImapPort : Dovecot.SubmissionPort).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"{section}:Security"] = "None";
        settings[$"{section}:UserName"] = Mailbox;
        settings[$"{section}:Password"] = "";
        settings[$"{section}:Auth"] = "OAuth2";
        settings[$"{section}:OAuth2:Provider"] = "Microsoft";
        settings[$"{section}:OAuth2:TenantId"] = "contoso.example";
        settings[$"{section}:OAuth2:ClientId"] = clientId;
        settings[$"{section}:OAuth2:ClientSecret"] = clientSecret ?? secret;
        settings[$"{section}:OAuth2:Instance"] = Issuer.HttpsBase.AbsoluteUri;
    }

    public void UseGoogle(Dictionary<string, string?> settings, string section)
    {
        settings[$"{section}:Host"] = "127.0.0.1";
        settings[$"{section}:Port"] = (section == "Imap" ? Dovecot.ImapPort : Dovecot.SubmissionPort).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"{section}:Security"] = "None";
        settings[$"{section}:UserName"] = Mailbox;
        settings[$"{section}:Auth"] = "OAuth2";
        settings[$"{section}:OAuth2:Provider"] = "Google";
        settings[$"{section}:OAuth2:ServiceAccountKeyFile"] = Issuer.WriteServiceAccountKey(KeyFolder);
    }

    /// <summary>The token client trusts the issuer's self-signed certificate, as production trusts login.microsoftonline.com's.</summary>
    public void TrustIssuer(IServiceCollection services) => services
        .AddHttpClient(MailTokenSources.HttpClientName)
        .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.Thumbprint == Issuer.Certificate.Thumbprint,
        });
}

/// <summary>Keeps every log line, to count what an operator would see.</summary>
internal sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Category, string Text)> lines = new();

    public IReadOnlyList<(LogLevel Level, string Category, string Text)> All => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Categorised(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Categorised(LogLines owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.lines.Enqueue((logLevel, category, formatter(state, exception)));
    }
}
