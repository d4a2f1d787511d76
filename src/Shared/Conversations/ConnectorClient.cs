using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// Outbound calls to a channel's Connector REST API (Teams, Azure Bot Service), relative to the
/// serviceUrl of the conversation, with the bot's bearer token. Every call first asks
/// <see cref="ServiceUrlGuard"/> whether that serviceUrl may receive the token.
/// Transient failures (429 honouring Retry-After, 412, 502, 504, connection errors) are retried
/// by the HTTP client's resilience handler (see <see cref="ConversationsHosting"/>).
/// </summary>
/// <remarks>
/// Exceptions: <see cref="ServiceUrlRefusedException"/> before any request for an untrusted
/// serviceUrl; <see cref="HttpRequestException"/> (with <see cref="HttpRequestException.StatusCode"/>)
/// when the Connector or the token endpoint still fails after retries.
/// </remarks>
public sealed class ConnectorClient(HttpClient http, ConnectorTokenSource tokens, ServiceUrlGuard guard)
{
    /// <summary>Sends an activity to a conversation (also proactively): POST v3/conversations/{id}/activities.</summary>
    public Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        return SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities", activity, NoId, cancellationToken);
    }

    /// <summary>Answers an activity: POST v3/conversations/{id}/activities/{replyToId}.</summary>
    public Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(replyToId);
        return SendAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}", activity, NoId, cancellationToken);
    }

    /// <summary>Sends a reply made by <see cref="Activity.CreateReply"/> (its serviceUrl, conversation and replyToId say where).</summary>
    public Task<ResourceResponse> ReplyToActivityAsync(Activity reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (string.IsNullOrEmpty(reply.ServiceUrl) || string.IsNullOrEmpty(reply.Conversation?.Id))
        {
            throw new ArgumentException("A reply needs serviceUrl and conversation.id (use Activity.CreateReply).", nameof(reply));
        }

        return string.IsNullOrEmpty(reply.ReplyToId)
            ? SendToConversationAsync(reply.ServiceUrl, reply.Conversation.Id, reply, cancellationToken)
            : ReplyToActivityAsync(reply.ServiceUrl, reply.Conversation.Id, reply.ReplyToId, reply, cancellationToken);
    }

    /// <summary>Starts a conversation: POST v3/conversations.</summary>
    public Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return SendAsync(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, NoConversation, cancellationToken);
    }

    /// <summary>Starts (or finds) the Teams 1:1 conversation with the user of a stored reference.</summary>
    public Task<ConversationResourceResponse> CreatePersonalConversationAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return CreateConversationAsync(reference.ServiceUrl, ConversationParameters.Personal(reference), cancellationToken);
    }

    /// <summary>
    /// One member of a conversation: GET v3/conversations/{id}/members/{memberId}. Teams answers a
    /// TeamsChannelAccount, with the user's email and userPrincipalName.
    /// </summary>
    /// <exception cref="HttpRequestException">With <see cref="HttpStatusCode.NotFound"/> when the member is not in the conversation.</exception>
    public Task<ConversationMember> GetConversationMemberAsync(string serviceUrl, string conversationId, string memberId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        ArgumentException.ThrowIfNullOrEmpty(memberId);
        return SendAsync(HttpMethod.Get, serviceUrl, $"v3/conversations/{Escape(conversationId)}/members/{Escape(memberId)}", null, NoMember, cancellationToken);
    }

    private static readonly ResourceResponse NoId = new(null);
    private static readonly ConversationMember NoMember = new();
    private static readonly ConversationResourceResponse NoConversation = new(null, null, null);

    private async Task<TResponse> SendAsync<TResponse>(HttpMethod method, string serviceUrl, string relativePath, object? body, TResponse whenEmpty, CancellationToken cancellationToken)
        where TResponse : class
    {
        var baseUrl = await guard.EnsureAllowedAsync(serviceUrl, cancellationToken);
        var token = await tokens.GetTokenAsync(cancellationToken);

        using var request = new HttpRequestMessage(method, new Uri(baseUrl, relativePath))
        {
            Content = body is null ? null : JsonContent.Create(body, body.GetType(), options: ActivityJson.Options),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized && token is not null)
            {
                tokens.Invalidate(token);
            }

            throw new HttpRequestException(
                $"Connector {method} {baseUrl}v3/conversations/... failed: {(int)response.StatusCode} {await ReadErrorCodeAsync(response, cancellationToken)}".TrimEnd(),
                null,
                response.StatusCode);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(text)
            ? whenEmpty
            : JsonSerializer.Deserialize<TResponse>(text, ActivityJson.Options) ?? whenEmpty;
    }

    // Teams ids hold ':', '@' and ';' (19:abc@thread.skype;messageid=1): escape each path segment.
    private static string Escape(string segment) => Uri.EscapeDataString(segment);

    // The Connector's ErrorResponse is { error: { code, message } }; the code is enough for a log line.
    private static async Task<string> ReadErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code)
                ? code.ToString()
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
