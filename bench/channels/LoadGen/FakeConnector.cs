using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SupportBot.Bench.Channels;

/// <summary>
/// Stands in for the Bot Connector on 127.0.0.1: the bots under test reply to it
/// (POST v3/conversations/{id}/activities/{replyToId}) and it notes when each reply arrived,
/// matched to the message by replyToId.
/// </summary>
internal sealed class FakeConnector : IAsyncDisposable
{
    private static readonly byte[] ResourceResponse = Encoding.UTF8.GetBytes("{\"id\":\"bench-reply\"}");
    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> pending = new(StringComparer.Ordinal);
    private readonly WebApplication app;
    private int unmatched;
    private volatile string? sampleFor;

    private FakeConnector(WebApplication app) => this.app = app;

    /// <summary>The serviceUrl to put in activities, e.g. http://127.0.0.1:40123/.</summary>
    public Uri ServiceUrl { get; private set; } = null!;

    /// <summary>Replies that matched no waiting message (late after a timeout, or not replies at all).</summary>
    public int Unmatched => Volatile.Read(ref unmatched);

    /// <summary>The body of the first reply to the activity named by <see cref="CaptureSample"/>.</summary>
    public string? Sample { get; private set; }

    public static async Task<FakeConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var connector = new FakeConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{replyToId}", connector.ReceiveReplyAsync);
        app.MapPost("/v3/conversations/{conversationId}/activities", connector.ReceiveSendAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)), "/");
        return connector;
    }

    /// <summary>Call before sending the message: the returned task completes with the reply's arrival (Stopwatch ticks).</summary>
    public Task<long> Expect(string activityId)
    {
        var arrival = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[activityId] = arrival;
        return arrival.Task;
    }

    public void Forget(string activityId) => pending.TryRemove(activityId, out _);

    public void CaptureSample(string activityId)
    {
        Sample = null;
        sampleFor = activityId;
    }

    private async Task<IResult> ReceiveReplyAsync(HttpContext http, string conversationId, string replyToId)
    {
        var arrived = Stopwatch.GetTimestamp();
        await DrainAsync(http, replyToId);
        if (pending.TryRemove(replyToId, out var arrival))
        {
            arrival.TrySetResult(arrived);
        }
        else
        {
            Interlocked.Increment(ref unmatched);
        }

        return Results.Bytes(ResourceResponse, "application/json");
    }

    private async Task<IResult> ReceiveSendAsync(HttpContext http, string conversationId)
    {
        await DrainAsync(http, null);
        Interlocked.Increment(ref unmatched);
        return Results.Bytes(ResourceResponse, "application/json");
    }

    private async Task DrainAsync(HttpContext http, string? replyToId)
    {
        if (replyToId is not null && replyToId == sampleFor)
        {
            using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
            Sample = await reader.ReadToEndAsync(http.RequestAborted);
            return;
        }

        await http.Request.Body.CopyToAsync(Stream.Null, http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
