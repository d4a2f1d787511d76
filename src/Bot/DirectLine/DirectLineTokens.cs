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
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    private SymmetricSecurityKey Key => new(Encoding.UTF8.GetBytes(options.Value.TokenSigningKey));

    public int LifetimeSeconds => (int)options.Value.TokenLifetime.TotalSeconds;

    public string Issue(string conversationId, string userId)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Subject = new ClaimsIdentity([new Claim("sub", userId), new Claim(ConversationClaim, conversationId)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.TokenLifetime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

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
        return conversation is null || user is null ? (null, "token invalid", false) : (new DirectLineGrant(conversation, user), null, false);
    }
}

internal sealed record DirectLineGrant(string ConversationId, string UserId);
