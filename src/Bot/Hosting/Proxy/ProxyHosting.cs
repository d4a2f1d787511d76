using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Hosting;

namespace SupportBot.Bot.Hosting.Proxy;

/// <summary>
/// Behind a TLS proxy: the request's scheme and client address come from the proxy's forwarded
/// headers, so cookies are Secure, Direct Line hands out wss:// stream URLs, rate limits count the
/// learner's address and not the proxy's, and browsers are told to stay on https (HSTS).
/// </summary>
public static class ProxyHosting
{
    public static IHostApplicationBuilder AddSupportBotProxy(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotProxy)))
        {
            return builder;
        }

        builder.Services.AddValidatedOptions<ProxyOptions>(ProxyOptions.SectionName);
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            // Not X-Forwarded-Host: links are built from OutgoingMail:PublicBaseUrl, never from a header.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            var proxies = proxy.Value.KnownProxies.Count + proxy.Value.KnownNetworks.Count == 0 ? ["127.0.0.1", "::1"] : proxy.Value.KnownProxies;
            foreach (var address in proxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        builder.Services.AddOptions<HstsOptions>().Configure<IOptions<ProxyOptions>>((hsts, proxy) => hsts.MaxAge = proxy.Value.HstsMaxAge);
        return builder;
    }

    /// <summary>First in the pipeline: everything after it sees the client's scheme and address.</summary>
    public static WebApplication UseSupportBotProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment() && app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.HstsMaxAge > TimeSpan.Zero)
        {
            // Only on https responses, and never for localhost: a developer's browser is not pinned.
            app.UseHsts();
        }

        return app;
    }
}
