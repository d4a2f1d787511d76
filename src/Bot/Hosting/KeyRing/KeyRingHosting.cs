using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;
using SupportBot.Shared.Hosting;

namespace SupportBot.Bot.Hosting.KeyRing;

/// <summary>
/// The keys that sign tutor cookies and antiforgery tokens live in PostgreSQL, not in the
/// process's home folder: a restart or a second bot host behind the proxy keeps tutors signed in.
/// Anyone who can read the database can read them, as they can read everything else it holds.
/// </summary>
public static class KeyRingHosting
{
    /// <summary>One name for every host and version, so they all read the same keys.</summary>
    public const string ApplicationName = "SupportBot";

    public static IHostApplicationBuilder AddSupportBotKeyRing(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotKeyRing)))
        {
            return builder;
        }

        builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        builder.Services.AddOptions<KeyManagementOptions>().Configure<NpgsqlDataSource>((keys, db) => keys.XmlRepository = new PostgresKeyRing(db));
        return builder;
    }
}
