using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.Testing;

/// <summary>A tiny Kestrel app on 127.0.0.1 and a free port, standing in for a remote service.</summary>
public sealed class LocalWebServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalWebServer(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Ends with '/'.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => app.Services;

    /// <param name="environment">The host environment (Development, Production...); the process's default when null.</param>
    public static async Task<LocalWebServer> StartAsync(Action<WebApplication> map, Action<WebApplicationBuilder>? configure = null, string? environment = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configure?.Invoke(builder);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new LocalWebServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
