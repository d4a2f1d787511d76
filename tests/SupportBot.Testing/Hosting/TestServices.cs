namespace SupportBot.Testing;

/// <summary>The PostgreSQL cluster and smtp4dev that ./test.sh started for this run.</summary>
public static class TestServices
{
    public static string PostgresAdmin => Require("SUPPORTBOT_TEST_PG");

    public static string PostgresBin => Environment.GetEnvironmentVariable("SUPPORTBOT_TEST_PGBIN") ?? "/usr/lib/postgresql/15/bin";

    public static int SmtpPort => int.Parse(Require("SUPPORTBOT_TEST_SMTP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static int ImapPort => int.Parse(Require("SUPPORTBOT_TEST_IMAP_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static Uri Smtp4devUrl => new(Require("SUPPORTBOT_TEST_SMTP4DEV_URL"));

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Keys made per test run: nothing secret is committed, not even for tests.</summary>
    public static string DirectLineKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static string LearnerLinkKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static string UnsubscribeKey { get; } = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static string Require(string name) =>
        Environment.GetEnvironmentVariable(name)
        ?? throw new InvalidOperationException($"{name} is not set: run the integration tests through ./test.sh, which starts PostgreSQL and smtp4dev.");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupportBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SupportBot.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Settings every host under test gets: the test database and the test mail server.</summary>
    public static Dictionary<string, string?> HostSettings(string connectionString) => new()
    {
        ["Database:ConnectionString"] = connectionString,
        ["Database:MigrateOnStart"] = "false",
        ["Smtp:Host"] = "127.0.0.1",
        ["Smtp:Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Smtp:Security"] = "None",
        ["Smtp:FromAddress"] = "support@example.test",
        ["Imap:Host"] = "127.0.0.1",
        ["Imap:Port"] = ImapPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Imap:Security"] = "None",
        ["Imap:UserName"] = "support",
        ["Imap:Password"] = "support",
        ["Jobs:RunServer"] = "false",
        ["DirectLine:TokenSigningKey"] = DirectLineKey,
        ["LearnerLinks:SigningKey"] = LearnerLinkKey,
        ["OutgoingMail:PublicBaseUrl"] = "http://localhost",
        ["OutgoingMail:UnsubscribeSigningKey"] = UnsubscribeKey,
        // Volunteers are awake all day, so no test depends on the hour CI runs at (at 02:40 UTC the demo
        // volunteers of Europe/Paris were asleep and questions went to tutors); tests of night-time
        // routing set their own hours or clock.
        ["Routing:AwakeFrom"] = "00:00",
        ["Routing:AwakeUntil"] = "23:59:59.9999999",
        // Words alone, so no host under test spends seconds loading and encoding with the embedding model in the
        // background, and no reply depends on how far that got; the tests of the FAQ's buttons turn it on
        // (MeaningSettings) and wait for it (BotHost.WaitForMeaningsAsync).
        ["Faq:Embeddings:Enabled"] = "false",
    };

    /// <summary>The FAQ matcher as shipped: meanings read with the sentence-embedding model.</summary>
    public static Dictionary<string, string?> MeaningSettings() => new()
    {
        ["Faq:Embeddings:Enabled"] = "true",
    };

    /// <summary>Campaign tests: no rate limit.</summary>
    public static Dictionary<string, string?> CampaignSettings() => new()
    {
        ["Campaigns:MaxPerMinute"] = "0",
        ["Campaigns:MaxPerMinutePerDomain"] = "0",
    };
}
