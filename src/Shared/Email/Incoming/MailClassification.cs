namespace SupportBot.Shared.Email.Incoming;

public enum IncomingMailKind
{
    /// <summary>Written by a person: route its text.</summary>
    Reply,

    /// <summary>Sent by a machine on someone's behalf (out of office, ticket receipt, list traffic): never route, never answer.</summary>
    AutoReply,

    /// <summary>A delivery failure or delay report about a message SupportBot sent.</summary>
    Bounce,
}

/// <summary>What a message is, why we think so, and for a bounce who could not be reached.</summary>
/// <param name="Reason">The header or subject that decided it, for logs ("Auto-Submitted: auto-replied").</param>
public sealed record MailClassification(IncomingMailKind Kind, string Reason, BounceReport? Bounce = null)
{
    public static MailClassification Reply { get; } = new(IncomingMailKind.Reply, "no automatic marker");
}

/// <param name="FailedRecipients">Addresses that failed or were delayed: each recipient's Original-Recipient
/// (the address SupportBot wrote to) then its Final-Recipient when different; empty when the report names none.</param>
/// <param name="IsPermanent">True when delivery gave up (Action: failed, Status 5.x.x); false for a delay (4.x.x).</param>
/// <param name="OriginalMessageIds">Message-IDs of the message that failed, as the report quotes it (the returned
/// message or its headers, In-Reply-To, References): a report counts only when it is about mail we sent.</param>
public sealed record BounceReport(IReadOnlyList<string> FailedRecipients, bool IsPermanent, IReadOnlyList<string> OriginalMessageIds);
