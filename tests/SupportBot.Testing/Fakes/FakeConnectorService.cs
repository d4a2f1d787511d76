using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SupportBot.Testing;

/// <summary>
/// Plays both the token endpoint and a channel's Connector API: records every request and answers
/// with the statuses queued in <see cref="Answers"/> (then 200 with an id). Member lookups
/// (GET v3/conversations/{id}/members/{memberId}) answer from <see cref="Members"/> like Teams
/// does (a TeamsChannelAccount, or 404 MemberNotFoundInConversation) and are recorded apart, in
/// <see cref="MemberLookups"/>, so <see cref="Requests"/> holds only what the bot sent.
/// </summary>
public sealed class FakeConnectorService : IAsyncDisposable
{
    private readonly LocalWebServer server;
    private int tokensIssued;

    private FakeConnectorService(LocalWebServer server) => this.server = server;

    public Uri BaseAddress => server.BaseAddress;

    public string TokenEndpoint => new Uri(server.BaseAddress, "botframework.com/oauth2/v2.0/token").AbsoluteUri;

    public string ManagedIdentityEndpoint => new Uri(server.BaseAddress, "metadata/identity/oauth2/token").AbsoluteUri;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public ConcurrentQueue<RecordedRequest> TokenRequests { get; } = new();

    public ConcurrentQueue<RecordedRequest> MemberLookups { get; } = new();

    /// <summary>Conversation members by user id (29:...), as GET .../members/{memberId} returns them.</summary>
    public ConcurrentDictionary<string, TeamsMember> Members { get; } = new();

    /// <summary>Statuses to answer Connector calls with, in order, each with an optional Retry-After in seconds.</summary>
    public ConcurrentQueue<(int Status, int? RetryAfterSeconds)> Answers { get; } = new();

    public int TokensIssued => Volatile.Read(ref tokensIssued);

    public static async Task<FakeConnectorService> StartAsync()
    {
        FakeConnectorService? fake = null;
        var server = await LocalWebServer.StartAsync(app =>
        {
            app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                fake!.TokenRequests.Enqueue(new RecordedRequest(request.Method, request.Path, request.Headers.Authorization.ToString(),
                    string.Join('&', form.Select(f => $"{f.Key}={f.Value}"))));
                var n = Interlocked.Increment(ref fake.tokensIssued);
                return Results.Json(new { token_type = "Bearer", expires_in = 3599, ext_expires_in = 3599, access_token = $"token-{n}" });
            });
            // Azure Instance Metadata Service: a managed identity's token (GET, Metadata: true, expires_in as a string).
            app.MapGet("/metadata/identity/oauth2/token", (HttpRequest request) =>
            {
                fake!.TokenRequests.Enqueue(new RecordedRequest(request.Method, request.Path, request.Headers.Authorization.ToString(),
                    $"Metadata={request.Headers["Metadata"]}", request.QueryString.Value ?? ""));
                if (request.Headers["Metadata"] != "true")
                {
                    return Results.Json(new { error = "invalid_request", error_description = "Required metadata header not specified" }, statusCode: 400);
                }

                var n = Interlocked.Increment(ref fake.tokensIssued);
                return Results.Json(new { token_type = "Bearer", expires_in = "86399", resource = request.Query["resource"].ToString(), access_token = $"token-{n}" });
            });
            app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", (HttpContext context, string conversationId, string memberId) =>
            {
                fake!.MemberLookups.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString(),
                    "", GetRawTarget(context)));
                return fake.Members.TryGetValue(memberId, out var member)
                    ? Results.Json(new
                    {
                        id = memberId,
                        name = member.Name,
                        aadObjectId = member.AadObjectId,
                        email = member.Email,
                        userPrincipalName = member.UserPrincipalName,
                        givenName = member.Name.Split(' ')[0],
                        surname = member.Name.Contains(' ', StringComparison.Ordinal) ? member.Name[(member.Name.IndexOf(' ', StringComparison.Ordinal) + 1)..] : null,
                        tenantId = member.TenantId,
                        userRole = "user",
                    })
                    : Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "The member is not part of this conversation." } }, statusCode: 404);
            });
            // Teams answers a new 1:1 conversation with its id (the same one for the same user, every time).
            app.MapPost("/v3/conversations", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                fake!.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path, context.Request.Headers.Authorization.ToString(),
                    body, GetRawTarget(context)));
                var member = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("members")[0].GetProperty("id").GetString();
                return Results.Json(new { id = PersonalConversationId(member!) }, statusCode: 201);
            });
            app.Map("/{**rest}", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                var body = await reader.ReadToEndAsync();
                fake!.Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString,
                    context.Request.Headers.Authorization.ToString(), body, GetRawTarget(context)));
                if (fake.Answers.TryDequeue(out var answer) && answer.Status != 200)
                {
                    if (answer.RetryAfterSeconds is { } seconds)
                    {
                        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    return Results.Json(new { error = new { code = "Fake" + answer.Status, message = "queued by the test" } }, statusCode: answer.Status);
                }

                return Results.Json(new { id = $"activity-{fake.Requests.Count}" });
            });
        });
        fake = new FakeConnectorService(server);
        return fake;
    }

    /// <summary>The id of the 1:1 conversation POST v3/conversations opens with this user.</summary>
    public static string PersonalConversationId(string userId) => "a:personal-" + userId;

    private static string GetRawTarget(HttpContext context) =>
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()?.RawTarget ?? "";

    public ValueTask DisposeAsync() => server.DisposeAsync();
}

/// <summary>A Teams user as the Connector describes them (a TeamsChannelAccount).</summary>
public sealed record TeamsMember(string Name, string AadObjectId, string? Email, string? UserPrincipalName, string? TenantId = null);

public sealed record RecordedRequest(string Method, string Path, string Authorization, string Body, string RawTarget = "");
