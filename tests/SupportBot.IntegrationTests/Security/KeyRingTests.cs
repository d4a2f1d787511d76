using System.Net;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Hosting.KeyRing;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// #17 item 9: the keys that sign tutor cookies and antiforgery tokens were kept in the process's
/// home folder, so a second bot host (deploy/: "more bot hosts" behind the proxy) or a new machine
/// could not read a cookie the first one issued. They live in PostgreSQL now.
/// </summary>
public sealed class KeyRingTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task What_one_bot_host_protects_another_machine_sharing_only_the_database_can_read()
    {
        string payload;
        await using (var host = new BotHost(db.ConnectionString))
        {
            payload = host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tutor-cookie").Protect("claire@example.test");
        }

        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            Assert.True(await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.data_protection_keys") >= 1);
        }

        // The other machine: no key folder of its own, only the database.
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName(KeyRingHosting.ApplicationName).DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new PostgresKeyRing(db.DataSource));
        await using var other = services.BuildServiceProvider();

        Assert.Equal("claire@example.test", other.GetRequiredService<IDataProtectionProvider>().CreateProtector("tutor-cookie").Unprotect(payload));
    }

    [Fact]
    public async Task The_tutor_sign_in_page_sets_a_Secure_antiforgery_cookie_behind_the_TLS_proxy()
    {
        await using var host = BotHost.StartListening(db.ConnectionString);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.Address!, "tutor/sign-in"));
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var antiforgery = Assert.Single(response.Headers.GetValues("Set-Cookie"), h => h.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }
}
