using SupportBot.Shared.Conversations;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Tells which person a Teams user is: Teams sends only ids, so on first sight the bot asks the
/// Connector for the member (GET .../members/{userId}: email and userPrincipalName) and matches the
/// person with that email. The answer is kept per Azure AD object id, so later turns cost one
/// query and no call; a user who matched nobody is matched again from the kept email, so a
/// learner enrolled later is recognised without asking Teams again.
/// </summary>
internal sealed partial class TeamsLearnerLookup(
    TeamsUserStore teamsUsers,
    PeopleStore people,
    ConnectorClient connector,
    ILogger<TeamsLearnerLookup> logger)
{
    public const string TeamsChannelId = "msteams";

    // Teams drops a bot after about 15 s; the first turn must still answer if the Connector is slow.
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    public async Task<Guid?> IdentifyAsync(Activity activity, CancellationToken ct)
    {
        if (activity.ChannelId != TeamsChannelId || !activity.IsMessage
            || activity.From is not { Id.Length: > 0, AadObjectId.Length: > 0 } user
            || activity.Conversation?.Id is not { Length: > 0 } conversationId
            || ConversationReference.TenantOf(activity) is not { Length: > 0 } tenantId)
        {
            return null;
        }

        // An object id means one user only within its tenant (the endpoint let in only allowed tenants).
        var aadObjectId = user.AadObjectId!;
        if (await teamsUsers.FindAsync(tenantId, aadObjectId, ct) is { } known)
        {
            if (known.PersonId is { } linked)
            {
                return linked;
            }

            var later = await people.FindByEmailAsync(Addresses(known.Email, known.UserPrincipalName), ct);
            if (later is { } person)
            {
                await teamsUsers.LinkAsync(tenantId, aadObjectId, person, ct);
            }

            return later;
        }

        if (await FetchMemberAsync(activity.ServiceUrl!, conversationId, user.Id!, ct) is not { } member)
        {
            return null;
        }

        if (member.AadObjectId is { Length: > 0 } described && !string.Equals(described, aadObjectId, StringComparison.OrdinalIgnoreCase))
        {
            // The Connector described someone else: match nobody rather than the wrong person.
            LogMismatchedMember(aadObjectId);
            return null;
        }

        var personId = await people.FindByEmailAsync(Addresses(member.Email, member.UserPrincipalName), ct);
        await teamsUsers.SaveLookupAsync(new TeamsUser(tenantId, aadObjectId, member.Email, member.UserPrincipalName, personId), ct);
        if (personId is null)
        {
            LogUnmatched(aadObjectId, member.Email is not null || member.UserPrincipalName is not null);
        }

        return personId;
    }

    /// <summary>The member, an empty one when the Connector does not know them (kept, so not asked again), null on a failure worth retrying next turn.</summary>
    private async Task<ConversationMember?> FetchMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(LookupTimeout);
        try
        {
            return await connector.GetConversationMemberAsync(serviceUrl, conversationId, userId, timeout.Token);
        }
        catch (HttpRequestException ex) when (ex.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return new ConversationMember { Id = userId };
        }
        catch (Exception ex) when (!ct.IsCancellationRequested
            && ex is HttpRequestException or OperationCanceledException or ServiceUrlRefusedException or Polly.Timeout.TimeoutRejectedException
                or System.Text.Json.JsonException)
        {
            // The turn goes on without a person (the FAQ still answers); the next turn asks again.
            LogLookupFailed(ex);
            return null;
        }
    }

    private static string[] Addresses(string? email, string? userPrincipalName) =>
        [.. new[] { email, userPrincipalName }.OfType<string>()];

    [LoggerMessage(Level = LogLevel.Information, Message = "Teams user {AadObjectId} matches no person (the Connector gave an address: {HadAddress})")]
    private partial void LogUnmatched(string aadObjectId, bool hadAddress);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Connector described another user than Teams user {AadObjectId}; the turn goes on unidentified")]
    private partial void LogMismatchedMember(string aadObjectId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not ask the Connector who a Teams user is; the turn goes on unidentified")]
    private partial void LogLookupFailed(Exception ex);
}
