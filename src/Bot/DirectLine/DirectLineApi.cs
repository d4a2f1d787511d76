using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Bot.BotFramework;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Conversations.DirectLine;
using SupportBot.Shared.Hosting;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// A self-hosted Direct Line 3.0 service at /v3/directline, enough for the official Web Chat and
/// DirectLineJS: tokens, conversations, activities (post, get by watermark), WebSocket stream; uploads are
/// <see cref="DirectLineUploads"/>.
/// </summary>
public static class DirectLineApi
{
    public const string BasePath = "/v3/directline";

    public static IHostApplicationBuilder AddSupportBotDirectLine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DirectLineOptions>(DirectLineOptions.SectionName);
        builder.Services.AddValidatedOptions<DirectLineLimitsOptions>(DirectLineLimitsOptions.SectionName);
        // After every Configure: the sign-in throttle sets the rejection handler this one delegates to.
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.PostConfigure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(DirectLineLimits.Configure);
        builder.Services.TryAddSingleton<DirectLineTokens>();
        builder.Services.TryAddSingleton<DirectLineStream>();
        // Only hosts that serve streams listen for new activities.
        builder.Services.TryAddSingleton<DirectLineNotifications>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DirectLineNotifications>());
        builder.Services.AddHostedService<DirectLineTurnRecovery>();
        return builder;
    }

    public static WebApplication MapDirectLine(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });

        DirectLineUploads.MapAttachments(app);
        var api = app.MapGroup(BasePath).AddEndpointFilter(AuthenticateAsync);
        api.MapPost("/tokens/generate", GenerateTokenAsync).RequireRateLimiting(DirectLineLimits.TokenPolicy);
        api.MapPost("/tokens/refresh", RefreshToken);
        api.MapPost("/conversations", StartConversationAsync).RequireRateLimiting(DirectLineLimits.TokenPolicy);
        api.MapGet("/conversations/{conversationId}", ReconnectAsync);
        api.MapPost("/conversations/{conversationId}/activities", PostActivityAsync).RequireRateLimiting(DirectLineLimits.PostPolicy);
        api.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        DirectLineUploads.MapUpload(api);
        api.MapGet("/conversations/{conversationId}/stream", (HttpContext http, string conversationId, DirectLineStream stream) =>
            stream.ServeAsync(http, conversationId, ParseWatermark(http.Request.Query["watermark"]))).RequireRateLimiting(DirectLineLimits.StreamPolicy);
        return app;
    }

    private static async ValueTask<object?> AuthenticateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (caller, error, expired) = await DirectLineCaller.AuthenticateAsync(
            http, http.RequestServices.GetRequiredService<DirectLineTokens>(), http.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>());
        if (caller is null)
        {
            // Direct Line answers an expired token with 403 TokenExpired: DirectLineJS reads that status as
            // "ExpiredToken" (the page can renew), while a 401 silently ends its polling.
            return expired ? DirectLineErrors.TokenExpired(error!) : DirectLineErrors.Unauthorized(error!);
        }

        if (http.GetRouteValue("conversationId") is string conversationId && !caller.MayUse(conversationId))
        {
            return DirectLineErrors.Forbidden("This token is bound to another conversation.");
        }

        http.Items[typeof(DirectLineCaller)] = caller;
        return await next(context);
    }

    internal static DirectLineCaller Caller(HttpContext http) => (DirectLineCaller)http.Items[typeof(DirectLineCaller)]!;

    private static async Task<IResult> GenerateTokenAsync(HttpContext http, DirectLineStore store, DirectLineTokens tokens, CancellationToken ct)
    {
        if (!Caller(http).HasSecret)
        {
            return DirectLineErrors.Forbidden("tokens/generate needs the Direct Line secret.");
        }

        var userId = "dl_" + DirectLineStore.NewId(9);
        var conversation = await store.CreateConversationAsync(new DirectLineUser(userId, null, null, null, null), ct);
        return TypedResults.Json(new { conversationId = conversation.Id, token = tokens.Issue(conversation.Id, userId), expires_in = tokens.LifetimeSeconds });
    }

    private static IResult RefreshToken(HttpContext http, DirectLineTokens tokens)
    {
        var grant = Caller(http).Grant;
        if (grant is null)
        {
            return DirectLineErrors.BadArgument("tokens/refresh needs a token, not the secret.");
        }

        // TokenExpired, as for an expired token: the page gets a new one with its learner link.
        return tokens.MayRenew(grant)
            ? TypedResults.Json(new { conversationId = grant.ConversationId, token = tokens.Issue(grant.ConversationId, grant.UserId, grant.SessionStart), expires_in = tokens.LifetimeSeconds })
            : DirectLineErrors.TokenExpired($"This chat session started more than {tokens.RefreshCeiling.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} hours ago: open the chat again from the course.");
    }

    private static async Task<IResult> StartConversationAsync(HttpContext http, DirectLineStore store, DirectLineTokens tokens, CancellationToken ct)
    {
        var caller = Caller(http);
        if (caller.Grant is { } grant)
        {
            var existing = await store.FindConversationAsync(grant.ConversationId, ct);
            return existing is null
                ? DirectLineErrors.NotFound("The token's conversation no longer exists.")
                : TypedResults.Json(ConversationBody(http, tokens, existing.Id, grant.UserId, existing.LastSeq, grant.SessionStart), statusCode: StatusCodes.Status200OK);
        }

        var userId = "dl_" + DirectLineStore.NewId(9);
        var created = await store.CreateConversationAsync(new DirectLineUser(userId, null, null, null, null), ct);
        return TypedResults.Json(ConversationBody(http, tokens, created.Id, userId, 0), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReconnectAsync(HttpContext http, string conversationId, DirectLineStore store, DirectLineTokens tokens, CancellationToken ct)
    {
        var conversation = await store.FindConversationAsync(conversationId, ct);
        if (conversation is null)
        {
            return DirectLineErrors.NotFound($"Conversation {conversationId} does not exist.");
        }

        var watermark = ParseWatermark(http.Request.Query["watermark"]);
        var grant = Caller(http).Grant;
        return TypedResults.Json(ConversationBody(http, tokens, conversationId, grant?.UserId ?? conversation.UserId, watermark, grant?.SessionStart));
    }

    /// <param name="sessionStart">The caller's session, carried into the new token (a reconnect is no way round the refresh ceiling).</param>
    private static object ConversationBody(HttpContext http, DirectLineTokens tokens, string conversationId, string userId, long watermark, DateTimeOffset? sessionStart = null)
    {
        var token = tokens.Issue(conversationId, userId, sessionStart);
        var scheme = http.Request.IsHttps ? "wss" : "ws";
        var streamUrl = $"{scheme}://{http.Request.Host}{BasePath}/conversations/{Uri.EscapeDataString(conversationId)}/stream"
            + $"?watermark={watermark.ToString(CultureInfo.InvariantCulture)}&t={Uri.EscapeDataString(token)}";
        return new { conversationId, token, expires_in = tokens.LifetimeSeconds, streamUrl, referenceGrammarId = "" };
    }

    private static async Task<IResult> PostActivityAsync(
        HttpContext http, string conversationId, DirectLineStore store, IActivityProcessor processor,
        IOptions<DirectLineOptions> options, IOptions<BotOptions> bot, CancellationToken ct)
    {
        var limit = options.Value.MaxActivityBytes;
        if (http.Request.ContentLength > limit)
        {
            return DirectLineErrors.TooLarge($"An activity is at most {limit / 1024} KB.");
        }

        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(buffer, ct);
            if (buffer.Length > limit)
            {
                return DirectLineErrors.TooLarge($"An activity is at most {limit / 1024} KB.");
            }

            body = buffer.ToArray();
        }

        Activity? activity;
        try
        {
            activity = body.Length == 0 ? null : ActivityJson.Deserialize(body);
        }
        catch (JsonException ex)
        {
            return DirectLineErrors.BadArgument($"The body is not valid JSON: {ex.Message}");
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return DirectLineErrors.BadArgument("An activity needs a \"type\" (e.g. \"message\").");
        }

        if (activity.IsMessage && string.IsNullOrWhiteSpace(activity.Text) && activity.Attachments is not { Count: > 0 } && activity.Value is null)
        {
            return DirectLineErrors.BadArgument("A message needs a \"text\", an attachment or a \"value\": this one is empty.");
        }

        return TypedResults.Json(new { id = await AcceptAsync(http, conversationId, activity, store, processor, bot.Value, ct) });
    }

    /// <summary>
    /// Stores the learner's activity first (so it is never lost), runs the turn, and acknowledges only
    /// once the activity is on disk. A re-post of the same activity (same channelData.clientActivityID:
    /// the client lost the response) stores nothing and answers the same id; its turn runs again only if
    /// no host is running it any more (<see cref="DirectLineTurnRecovery"/>).
    /// </summary>
    internal static async Task<string> AcceptAsync(
        HttpContext http, string conversationId, Activity activity, DirectLineStore store, IActivityProcessor processor, BotOptions bot, CancellationToken ct)
    {
        var caller = Caller(http);
        activity.From ??= new ChannelAccount();
        if (caller.Grant is { } grant)
        {
            activity.From.Id = grant.UserId; // the token says who is speaking, not the body
        }

        return await StoreAndRunAsync(http, conversationId, activity, ClientActivityId(activity) is { } clientId ? "client:" + clientId : null, store, processor, bot, ct);
    }

    /// <summary>
    /// The web chat's hello, asked for by the server as it starts a learner's conversation (an event "webchat/join" from
    /// the learner), before the page gets its token: the hello is the conversation's first message, whatever the learner
    /// types as the page opens. Posted by the page, the join raced the learner's first message, and a hello read after it
    /// could land under the answer and replace its buttons.
    /// </summary>
    internal static Task GreetAsync(
        HttpContext http, string conversationId, string userId, string? userName, string? locale, DirectLineStore store, IActivityProcessor processor, BotOptions bot, CancellationToken ct) =>
        StoreAndRunAsync(http, conversationId, new Activity
        {
            Type = ActivityTypes.Event,
            Name = "webchat/join",
            From = new ChannelAccount { Id = userId, Name = userName },
            Locale = locale,
        }, "join", store, processor, bot, ct);

    private static async Task<string> StoreAndRunAsync(
        HttpContext http, string conversationId, Activity activity, string? key, DirectLineStore store, IActivityProcessor processor, BotOptions bot, CancellationToken ct)
    {
        activity.From!.Role = "user";
        activity.Recipient = new ChannelAccount { Id = bot.MicrosoftAppId ?? "supportbot", Name = "SupportBot", Role = "bot" };
        activity.ServiceUrl = $"{http.Request.Scheme}://{http.Request.Host}{BasePath}/";
        var lease = http.RequestServices.GetRequiredService<IOptions<DirectLineOptions>>().Value.TurnLease;
        var stored = await store.AppendOnceAsync(conversationId, activity, fromUser: true, key, lease, ct);
        if (stored.Appended || await store.TryClaimTurnAsync(conversationId, stored.Seq, lease, ct))
        {
            await RunTurnAsync(stored, store, processor, ct);
        }

        return stored.Activity.Id!;
    }

    /// <summary>Runs the turn of a stored learner activity, then marks it done. Also the recovery loop's way in.</summary>
    internal static async Task RunTurnAsync(DirectLineAppend stored, DirectLineStore store, IActivityProcessor processor, CancellationToken ct)
    {
        var conversationId = stored.Activity.Conversation!.Id!;
        try
        {
            await processor.ProcessAsync(stored.Activity, ct);
            await store.CompleteTurnAsync(conversationId, stored.Seq, ct);
        }
        finally
        {
            await store.EnsureDurableAsync(conversationId, CancellationToken.None);
        }
    }

    /// <summary>Web Chat and DirectLineJS name each activity they post (and post it again under the same name on "retry").</summary>
    private static string? ClientActivityId(Activity activity) =>
        activity.ChannelData is { ValueKind: JsonValueKind.Object } data
        && data.TryGetProperty("clientActivityID", out var id) && id.ValueKind == JsonValueKind.String
        && id.GetString() is { Length: > 0 and <= 200 } value
            ? value
            : null;

    private static async Task<IResult> GetActivitiesAsync(HttpContext http, string conversationId, DirectLineStore store, CancellationToken ct)
    {
        if (await store.FindConversationAsync(conversationId, ct) is null)
        {
            return DirectLineErrors.NotFound($"Conversation {conversationId} does not exist.");
        }

        var set = await store.ReadAfterAsync(conversationId, ParseWatermark(http.Request.Query["watermark"]), ct);
        return TypedResults.Text(ActivitySetJson(set), "application/json; charset=utf-8");
    }

    /// <summary>The stored JSON is spliced in as is: no parse and re-serialise per poll.</summary>
    internal static string ActivitySetJson(DirectLineActivitySet set)
    {
        var json = new StringBuilder("{\"activities\":[");
        json.AppendJoin(',', set.ActivitiesJson);
        json.Append("],\"watermark\":\"").Append(set.Watermark.ToString(CultureInfo.InvariantCulture)).Append("\"}");
        return json.ToString();
    }

    internal static long ParseWatermark(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w > 0 ? w : 0;
}
