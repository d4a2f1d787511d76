using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// Short-lived HS256 tokens bound to one conversation and one user: a token is the only thing a
/// browser holds, and it opens exactly one conversation.
/// </summary>
internal sealed class DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider clock)
{
    private const string Issuer = "supportbot-directline";
    private const string ConversationClaim = "conv";

    // When the session began (unix seconds): refreshing and reconnecting carry it over, so a token
    // cannot be renewed past DirectLine:TokenRefreshCeiling however often it is refreshed.
    private const string SessionClaim = "sess";
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    private SymmetricSecurityKey Key => new(Encoding.UTF8.GetBytes(options.Value.TokenSigningKey));

    public int LifetimeSeconds => (int)options.Value.TokenLifetime.TotalSeconds;

    /// <param name="sessionStart">When the session this token continues began (a refresh, a reconnect); null starts one.</param>
    public string Issue(string conversationId, string userId, DateTimeOffset? sessionStart = null)
    {
        var now = clock.GetUtcNow();
        var session = sessionStart ?? now;
        var ceiling = session + options.Value.TokenRefreshCeiling;
        var expires = now + options.Value.TokenLifetime < ceiling ? now + options.Value.TokenLifetime : ceiling;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim(ConversationClaim, conversationId)]),
            Claims = new Dictionary<string, object> { [SessionClaim] = session.ToUnixTimeSeconds() },
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>Whether a token of this session may still be renewed (refreshed, or re-issued on reconnect).</summary>
    public bool MayRenew(DirectLineGrant grant) => clock.GetUtcNow() < grant.SessionStart + options.Value.TokenRefreshCeiling;

    public TimeSpan RefreshCeiling => options.Value.TokenRefreshCeiling;

    /// <returns>The conversation and user the token is bound to, or null with the reason and whether the token merely expired.</returns>
    public async Task<(DirectLineGrant? Grant, string? Error, bool Expired)> ValidateAsync(string token)
    {
        var result = await handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = Issuer,
            IssuerSigningKey = Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } e && e > clock.GetUtcNow().UtcDateTime.AddSeconds(-30) && (notBefore is null || notBefore <= clock.GetUtcNow().UtcDateTime.AddSeconds(30)),
        });
        if (!result.IsValid)
        {
            var expired = result.Exception is SecurityTokenInvalidLifetimeException;
            return (null, expired ? "token expired" : "token invalid", expired);
        }

        var conversation = result.Claims.TryGetValue(ConversationClaim, out var c) ? c as string : null;
        var user = result.Claims.TryGetValue("sub", out var u) ? u as string : null;
        // A token issued before sessions were recorded began its session when it was issued.
        var started = result.Claims.TryGetValue(SessionClaim, out var s) ? s switch
        {
            long l => l,
            int i => i,
            string text when long.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => (long?)null,
        } : null;
        var session = started is { } seconds
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : new DateTimeOffset(((JsonWebToken)result.SecurityToken).IssuedAt, TimeSpan.Zero);
        return conversation is null || user is null ? (null, "token invalid", false) : (new DirectLineGrant(conversation, user, session), null, false);
    }
}

internal sealed record DirectLineGrant(string ConversationId, string UserId, DateTimeOffset SessionStart);
