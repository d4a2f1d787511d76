using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace SupportBot.Testing;

/// <summary>The real bot host (Program.cs) over a test database and the test mail server.</summary>
public sealed class BotHost(string connectionString, IDictionary<string, string?>? overrides = null, Action<IWebHostBuilder>? configure = null)
    : WebApplicationFactory<Program>
{
    /// <summary>
    /// The same host on Kestrel at a free port of 127.0.0.1, for clients that need a real socket
    /// (Node, a browser, a channel calling /api/messages).
    /// </summary>
    public static BotHost StartListening(string connectionString, IDictionary<string, string?>? overrides = null, Action<IWebHostBuilder>? configure = null)
    {
        var host = new BotHost(connectionString, overrides, configure);
        host.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        host.StartServer();
        var address = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        host.Address = new Uri(address.TrimEnd('/') + "/");
        host.ClientOptions.BaseAddress = host.Address;
        return host;
    }

    /// <summary>
    /// After loading a knowledge base: reads its version now and waits until /health/ready says the FAQ matcher
    /// reads meanings (the model loads and encodes in the background while words answer), so a test of the chat's
    /// buttons sees what a learner sees once the host has warmed up, whatever the machine's load.
    /// </summary>
    public async Task WaitForMeaningsAsync(TimeSpan? timeout = null)
    {
        var catalog = Services.GetRequiredService<SupportBot.Shared.Faq.FaqCatalog>();
        catalog.Invalidate();
        await catalog.GetAsync(CancellationToken.None);
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(5));
        while (true)
        {
            using var response = await client.GetAsync(new Uri("health/ready", UriKind.Relative));
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"/health/ready still answers {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Where the host listens (ends with '/'); null for the in-memory test server.</summary>
    public Uri? Address { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        var settings = TestServices.HostSettings(connectionString);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        configure?.Invoke(builder);
    }
}
