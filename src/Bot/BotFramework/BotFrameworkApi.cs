using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.BotFramework;

/// <summary>POST /api/messages: the Bot Framework channel endpoint (Teams, Azure Bot Service, Emulator).</summary>
public static partial class BotFrameworkApi
{
    /// <summary>Activities are small; a larger body is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>
    /// The token validator; the <see cref="IActivityProcessor"/> it hands activities to is the turn
    /// pipeline (AddSupportBotTurns). Needs AddSupportBotConversations (Shared).
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotBotFramework(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpClient(MetadataDocumentRetriever.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(15));
        builder.Services.TryAddSingleton<ChannelTokenValidator>();
        builder.Services.AddHostedService<BotAuthenticationNotice>();
        return builder;
    }

    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapPost("/messages", ReceiveAsync);
        return app;
    }

    internal static async Task<Results<Ok, UnauthorizedHttpResult, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request,
        ChannelTokenValidator validator,
        ServiceUrlGuard serviceUrls,
        IActivityProcessor processor,
        IOptions<BotOptions> options,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(BotFrameworkApi));
        var authorization = request.Headers.Authorization.ToString();
        if (!validator.AcceptsUnauthenticated && !ChannelTokenValidator.TryReadBearer(authorization, out _))
        {
            LogRefused(logger, ChannelTokenFailure.MissingToken, "no Authorization: Bearer header", null);
            return TypedResults.Unauthorized();
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Activity too large",
                detail: $"An activity is at most {MaxBodyBytes / 1024} KB.");
        }

        var (activity, problem) = ParseActivity(body);
        if (activity is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an activity", detail: problem);
        }

        if (!serviceUrls.IsAcceptable(activity.ServiceUrl))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an activity",
                detail: "The activity's serviceUrl is a loopback address, allowed only in Development.");
        }

        var verdict = await validator.ValidateAsync(authorization, activity, cancellationToken);
        if (!verdict.IsValid)
        {
            LogRefused(logger, verdict.Failure, verdict.Detail, activity.ChannelId);
            return TypedResults.Unauthorized();
        }

        if (activity.ChannelId == TeamsChannelId && TenantRefusal(activity, options.Value) is { } refusal)
        {
            LogTenantRefused(logger, refusal);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Tenant not allowed", detail: "This bot does not serve this tenant.");
        }

        // Only a channel that proved who it is earns the bot's token later; an unauthenticated request never does.
        if (!verdict.AuthenticationDisabled)
        {
            await serviceUrls.RecordTrustedAsync(activity.ServiceUrl!, $"{activity.ChannelId} token from {verdict.Identity?.FindFirst("iss")?.Value}", cancellationToken);
        }

        await processor.ProcessAsync(activity, cancellationToken);
        return TypedResults.Ok();
    }

    private const string TeamsChannelId = "msteams";

    /// <summary>
    /// Why a Teams activity's tenant may not reach the bot, or null: it must name one tenant
    /// (conversation.tenantId and channelData.tenant.id agree when both are given) in Bot:AllowedTenants.
    /// </summary>
    internal static string? TenantRefusal(Activity activity, BotOptions options)
    {
        var tenant = ConversationReference.TenantOf(activity);
        var conversationTenant = activity.Conversation?.TenantId;
        var channelDataTenant = ConversationReference.TenantOf(new Activity { ChannelData = activity.ChannelData });
        if (conversationTenant is { Length: > 0 } && channelDataTenant is { Length: > 0 }
            && !string.Equals(conversationTenant, channelDataTenant, StringComparison.OrdinalIgnoreCase))
        {
            return $"conversation.tenantId '{conversationTenant}' and channelData.tenant.id '{channelDataTenant}' differ";
        }

        return options.IsTenantAllowed(tenant) ? null : $"tenant '{tenant}' is not in {BotOptions.SectionName}:{nameof(BotOptions.AllowedTenants)}";
    }

    /// <summary>The body, or null when it exceeds <see cref="MaxBodyBytes"/> (declared or actual).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var read = await request.Body.ReadAsync(buffer.GetMemory(8 * 1024), cancellationToken);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBodyBytes)
            {
                return null;
            }
        }
    }

    /// <summary>The activity, or null and a sentence naming what is wrong with the body.</summary>
    internal static (Activity? Activity, string? Problem) ParseActivity(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, $"The body is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an activity object.");
            }
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not JSON ({ex.Message}).");
        }

        Activity? activity;
        try
        {
            activity = ActivityJson.Deserialize(body.Span);
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not an activity: {ex.Path} has the wrong type.");
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            return (null, "The activity has no type.");
        }

        if (string.IsNullOrWhiteSpace(activity.Conversation?.Id))
        {
            return (null, "The activity has no conversation.id.");
        }

        if (string.IsNullOrWhiteSpace(activity.ServiceUrl))
        {
            return (null, "The activity has no serviceUrl.");
        }

        if (!ServiceUrlGuard.IsSecureOrLoopback(activity.ServiceUrl))
        {
            return (null, "The activity's serviceUrl is not an absolute https URL (http only for localhost).");
        }

        return (activity, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a Teams activity on /api/messages: {Reason}")]
    private static partial void LogTenantRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an activity on /api/messages ({Failure}: {Detail}), channel {ChannelId}")]
    private static partial void LogRefused(ILogger logger, ChannelTokenFailure failure, string? detail, string? channelId);
}

/// <summary>Says at start what /api/messages accepts when no app id is configured.</summary>
internal sealed partial class BotAuthenticationNotice(IOptions<BotOptions> options, ChannelTokenValidator validator, ILogger<BotAuthenticationNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (validator.AcceptsUnauthenticated)
        {
            LogNoAuthentication(logger);
        }
        else if (!options.Value.AuthenticationEnabled)
        {
            LogRefusingAll(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bot:AllowUnauthenticated is on (Development): /api/messages accepts activities without authentication, their serviceUrls are not trusted and replies go only to loopback channels")]
    private static partial void LogNoAuthentication(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot:MicrosoftAppId is not set: /api/messages refuses every activity (Teams needs an Azure Bot registration; the web chat does not use this endpoint)")]
    private static partial void LogRefusingAll(ILogger logger);
}
