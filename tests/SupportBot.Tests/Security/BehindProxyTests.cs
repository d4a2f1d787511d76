using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Hosting.Proxy;
using SupportBot.Testing;

namespace SupportBot.Tests.Security;

/// <summary>
/// #17 item 9: behind the TLS proxy of deploy/Caddyfile the bot saw plain http from 127.0.0.1:
/// cookies without Secure, ws:// stream URLs, no HSTS, and every learner sharing the proxy's
/// address in the rate limits. The forwarded headers are believed from known proxies only.
/// </summary>
public sealed class BehindProxyTests
{
    private static readonly HttpClient Http = new();

    private static Task<LocalWebServer> StartAsync(Dictionary<string, string?>? settings = null) =>
        LocalWebServer.StartAsync(
            app =>
            {
                app.UseSupportBotProxy();
                app.MapGet("/probe", (HttpContext http) =>
                {
                    http.Response.Cookies.Append("probe", "1", new CookieOptions { Secure = http.Request.IsHttps });
                    return $"{http.Request.Scheme} {http.Connection.RemoteIpAddress}";
                });
            },
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings ?? []);
                builder.AddSupportBotProxy();
            },
            "Production");

    private static async Task<(string Body, HttpResponseMessage Response)> ProbeThroughProxyAsync(LocalWebServer server)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseAddress, "probe"));
        request.Headers.Host = "support.example.edu";
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.5");
        var response = await Http.SendAsync(request);
        return (await response.Content.ReadAsStringAsync(), response);
    }

    [Fact]
    public async Task Behind_the_local_proxy_the_request_is_https_from_the_learner_and_browsers_are_told_to_stay_on_https()
    {
        await using var server = await StartAsync();

        var (body, response) = await ProbeThroughProxyAsync(server);

        Assert.Equal("https 203.0.113.5", body);
        Assert.Equal("max-age=31536000", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("secure", Assert.Single(response.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_known_proxy_are_ignored()
    {
        await using var server = await StartAsync(new() { ["Proxy:KnownProxies:0"] = "10.0.0.7" });

        var (body, response) = await ProbeThroughProxyAsync(server);

        Assert.Equal("http 127.0.0.1", body);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task A_proxy_network_that_is_not_CIDR_stops_the_host_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { ["Proxy:KnownNetworks:0"] = "10.0.4.0/24x" }));

        Assert.Contains("10.0.4.0/24x", error.Message, StringComparison.Ordinal);
        Assert.Contains("KnownNetworks", error.Message, StringComparison.Ordinal);
    }
}
