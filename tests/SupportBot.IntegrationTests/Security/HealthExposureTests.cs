using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// Issue 17 item 7: anonymous /healthz logged in to IMAP and SMTP on every request and showed
/// hosts and errors to anyone. Mail checks are now cached, and the details (which dependency,
/// which host, which error) are for admins and loopback callers only.
/// </summary>
public sealed class HealthExposureTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private const string RemoteHeader = "X-Test-Remote-Ip";

    [Fact]
    public async Task A_burst_of_health_requests_connects_to_the_mail_server_once()
    {
        using var imap = new TcpListener(IPAddress.Loopback, 0);
        imap.Start();
        var port = ((IPEndPoint)imap.LocalEndpoint).Port;
        var accepted = 0;
        using var stop = new CancellationTokenSource();
        var acceptLoop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await imap.AcceptTcpClientAsync(stop.Token);
                Interlocked.Increment(ref accepted);
            }
        });
        await using var host = new BotHost(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Imap:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Inbox:Enabled"] = "false", // only the health check may connect
        });
        using var client = host.CreateClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(1, Volatile.Read(ref accepted));
        await stop.CancelAsync();
        try
        {
            await acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task A_remote_anonymous_caller_sees_only_the_overall_status()
    {
        await using var host = new BotHost(db.ConnectionString, null, web => web.ConfigureServices(s => s.AddTransient<IStartupFilter, RemoteAddressFromHeader>()));
        using var client = host.CreateClient();

        using var remote = new HttpRequestMessage(HttpMethod.Get, new Uri("/healthz", UriKind.Relative));
        remote.Headers.Add(RemoteHeader, "203.0.113.9");
        var response = await client.SendAsync(remote);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        Assert.DoesNotContain("checks", body, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);

        var local = await client.GetStringAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Contains("\"imap\"", local, StringComparison.Ordinal);
    }

    /// <summary>The in-memory test server has no client address: this gives each request the one the test names.</summary>
    private sealed class RemoteAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, Func<Task> nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(RemoteHeader, out var ip))
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(ip.ToString());
                }

                return nextMiddleware();
            });
            next(app);
        };
    }
}
