using Microsoft.Extensions.Logging;

namespace SupportBot.Shared.StudyGroups.Groups;

public enum GroupNoticeKind
{
    /// <summary>"A group of N is proposed to you for module X, at these times (yours)": no other member named.</summary>
    Proposal,

    /// <summary>Everyone accepted: first names and emails of the members.</summary>
    Introduction,

    /// <summary>No group this round; they stay in the pool.</summary>
    NoGroupYet,

    /// <summary>A proposal they were in will not form (someone declined); who is not said.</summary>
    ProposalCancelled,

    /// <summary>A proposal they accepted expired before everyone answered; they are back in the pool.</summary>
    ProposalExpired,

    /// <summary>Someone left their active group, which goes on; who is not said.</summary>
    MemberLeft,

    /// <summary>Too few members remain: the group ends and they go back to the pool.</summary>
    GroupDissolved,
}

/// <summary>
/// One message to one member. <paramref name="Occasion"/> makes the send log key unique (a group id,
/// a round id, a leave event), so a retried job never sends the same notice twice.
/// </summary>
public sealed record GroupNotice(GroupNoticeKind Kind, Guid PersonId, string ModuleId, Guid? GroupId, string Occasion)
{
    public string SendKey(string channel) => $"studygroup:{Kind.ToString().ToLowerInvariant()}:{Occasion}:{PersonId:N}:{channel}";
}

/// <summary>
/// Where notices go. The Jobs project enqueues one Hangfire job per notice (the web request or chat
/// turn never sends inline); hosts without Hangfire (the CLI) send them in-process.
/// </summary>
public interface IGroupNotices
{
    Task NotifyAsync(IReadOnlyList<GroupNotice> notices, CancellationToken ct);
}

/// <summary>
/// Sends each notice now, in this process: for the CLI, which runs no Hangfire. A notice that cannot
/// go (mail server unreachable) does not stop the others nor undo the round: it is logged with who
/// and what, and stays marked failed in the send log.
/// </summary>
internal sealed partial class InlineGroupNotices(GroupMessenger messenger, ILogger<InlineGroupNotices> logger) : IGroupNotices
{
    public async Task NotifyAsync(IReadOnlyList<GroupNotice> notices, CancellationToken ct)
    {
        foreach (var notice in notices)
        {
            try
            {
                await messenger.SendAsync(notice, ct);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or MailKit.ServiceNotConnectedException
                                           or MailKit.ProtocolException or MailKit.CommandException)
            {
                NoticeNotSent(notice.Kind, notice.PersonId, notice.ModuleId, ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Study-group notice {Kind} to {PersonId} ({ModuleId}) not sent: {Reason}")]
    private partial void NoticeNotSent(GroupNoticeKind kind, Guid personId, string moduleId, string reason);
}
