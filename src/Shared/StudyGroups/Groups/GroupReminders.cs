using Microsoft.Extensions.Options;

namespace SupportBot.Shared.StudyGroups.Groups;

/// <summary>
/// Reminds each member of an active group before each shared slot (Groups:ReminderLead ahead). The
/// meetings are recomputed for the actual week from every member's local availability, so a DST
/// change in one member's zone moves them that week. A member who left is no longer in the group;
/// one who said "stop rappels" still counts for the shared time but is not reminded. Each reminder
/// goes once per member and meeting (send log key studygroup:reminder:&lt;group&gt;:&lt;person&gt;:&lt;start&gt;).
/// </summary>
public sealed class GroupReminders(GroupQueries queries, GroupMessenger messenger, IOptions<GroupOptions> options, TimeProvider clock)
{
    /// <returns>How many reminders were sent on this run.</returns>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var lead = options.Value.ReminderLead;
        var sent = 0;
        foreach (var group in (await queries.ActiveMembersAsync(ct)).GroupBy(r => (r.GroupId, r.ModuleId)))
        {
            // Starts in (now, now + lead]: due, and not begun yet.
            var meetings = GroupTimes.MeetingsBetween([.. group.Select(r => r.Member)], now.AddTicks(1), now + lead + TimeSpan.FromTicks(1));
            foreach (var meeting in meetings)
            {
                foreach (var member in group.Where(r => r.Reminders))
                {
                    if (await messenger.SendReminderAsync(group.Key.GroupId, member.Member.PersonId, group.Key.ModuleId, meeting, meeting.StartUtc - now, ct))
                    {
                        sent++;
                    }
                }
            }
        }

        return sent;
    }
}
