using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using SupportBot.Shared.Hosting;

namespace SupportBot.Shared.Conversations;

public static class ConversationsHosting
{
    /// <summary>
    /// Bot options, the serviceUrl guard (trust kept in PostgreSQL, shared by every instance), the
    /// Connector token source and the Connector client.
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotConversations(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotConversations)))
        {
            return builder;
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddValidatedOptions<BotOptions>(BotOptions.SectionName);
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<BotOptions>, BotEnvironmentRules>();
        builder.Services.TryAddSingleton<ITrustedServiceUrls, PostgresTrustedServiceUrls>();
        builder.Services.TryAddSingleton<ServiceUrlGuard>();
        builder.Services.TryAddSingleton<ConnectorTokenSource>();
        builder.Services.AddHttpClient(ConnectorTokenSource.HttpClientName).AddConnectorResilience();
        builder.Services.AddHttpClient<ConnectorClient>().AddConnectorResilience();
        builder.Services.TryAddSingleton<ConversationReferenceStore>();
        builder.Services.TryAddSingleton<TeamsUserStore>();
        builder.Services.TryAddSingleton<DirectLine.DirectLineSignals>();
        builder.Services.TryAddSingleton<DirectLine.DirectLineStore>();
        builder.Services.TryAddTransient<ChatSender>();
        return builder;
    }

    /// <summary>
    /// Retries what the Connector documents as transient (429 honouring Retry-After, 412, 502,
    /// 504) and connection failures; never 400, 401, 403 or 404, which a retry cannot fix.
    /// </summary>
    private static IHttpClientBuilder AddConnectorResilience(this IHttpClientBuilder http)
    {
        http.AddStandardResilienceHandler(options =>
        {
            options.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
            options.Retry.MaxRetryAttempts = 3;
            options.Retry.ShouldRetryAfterHeader = true;
            options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
        });
        return http;
    }

    internal static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result.StatusCode: HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout } => true,
        _ => false,
    };
}
