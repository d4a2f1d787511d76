using System.Security.Claims;

namespace SupportBot.Bot.BotFramework;

/// <summary>Why an inbound token was refused: for the logs only; the caller just gets 401.</summary>
public enum ChannelTokenFailure
{
    None,
    NotConfigured,
    MissingToken,
    MalformedToken,
    EmulatorNotAllowed,
    UnknownSigningKey,
    InvalidSignature,
    InvalidIssuer,
    InvalidAudience,
    OutsideLifetime,
    InvalidToken,
    MissingEndorsement,
    ServiceUrlMismatch,
    AppIdMismatch,
}

/// <summary>The outcome of <see cref="ChannelTokenValidator.ValidateAsync"/>.</summary>
public sealed record ChannelTokenResult(ChannelTokenFailure Failure, string? Detail, ClaimsIdentity? Identity, bool AuthenticationDisabled)
{
    public bool IsValid => Failure == ChannelTokenFailure.None;

    /// <summary>No app id, unauthenticated mode switched on in Development: the request is let through, its serviceUrl not trusted.</summary>
    public static ChannelTokenResult Disabled { get; } = new(ChannelTokenFailure.None, null, null, AuthenticationDisabled: true);

    public static ChannelTokenResult Valid(ClaimsIdentity identity) => new(ChannelTokenFailure.None, null, identity, AuthenticationDisabled: false);

    public static ChannelTokenResult Invalid(ChannelTokenFailure failure, string detail) => new(failure, detail, null, AuthenticationDisabled: false);
}
