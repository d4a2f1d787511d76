using System.Net;
using System.Text.Json;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Foundation;

public sealed class HealthTests : IAsyncLifetime
{
    private readonly ThrowawayCluster cluster = new();

    public Task InitializeAsync() => cluster.InitializeAsync();

    public Task DisposeAsync() => cluster.DisposeAsync();

    [Fact]
    public async Task Healthz_reports_each_dependency_and_follows_postgres_going_down_and_back()
    {
        await using var host = new BotHost(cluster.ConnectionString);
        using var client = host.CreateClient();

        var healthy = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = await ReadAsync(healthy);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        foreach (var check in new[] { "postgresql", "smtp", "imap" })
        {
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        await cluster.StopAsync();
        var down = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var downBody = await ReadAsync(down);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Unhealthy", downBody.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString());
        Assert.Equal("Healthy", downBody.GetProperty("checks").GetProperty("smtp").GetProperty("status").GetString());

        await cluster.StartAsync();
        var back = await PollUntilAsync(client, HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        Assert.Equal("Healthy", (await ReadAsync(back)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Healthz_is_degraded_not_unhealthy_when_the_mail_server_is_unreachable()
    {
        var closedPort = new ThrowawayCluster().Port;
        await using var host = new BotHost(cluster.ConnectionString, new Dictionary<string, string?>
        {
            ["Smtp:Port"] = closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var client = host.CreateClient();

        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var body = await ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
        var smtp = body.GetProperty("checks").GetProperty("smtp");
        Assert.Equal("Degraded", smtp.GetProperty("status").GetString());
        Assert.Contains(closedPort.ToString(System.Globalization.CultureInfo.InvariantCulture), smtp.GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PollUntilAsync(HttpClient client, HttpStatusCode expected, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            if (response.StatusCode == expected || DateTime.UtcNow > deadline)
            {
                return response;
            }

            await Task.Delay(250);
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
