using System.Globalization;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.StudyGroups.Groups;

/// <summary>
/// Renders and sends the study-group messages (bilingual templates study_group_*), each through the
/// send log. Proposals and introductions go to the chat (when the bot can reach the learner there)
/// and by email; the other notices and reminders go to the chat, else by email. Consent first: a
/// proposal carries the module, the group size and the shared time in the recipient's own zone and
/// language, never another member's name, email or schedule; only the introduction, after everyone
/// accepted, names the members.
/// </summary>
public sealed class GroupMessenger(
    GroupQueries queries,
    LearnerDelivery learners,
    ChatDelivery chat,
    EmailDelivery delivery,
    MailTemplates templates,
    MailComposer composer,
    ReplyAddresses addresses)
{
    public async Task SendAsync(GroupNotice notice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (await queries.RecipientAsync(notice.PersonId, notice.ModuleId, ct) is not { } to)
        {
            return;
        }

        var group = notice.GroupId is { } id ? await queries.FindAsync(id, ct) : null;
        var language = group?.Language ?? to.OptInLanguage ?? MailTemplates.LanguageOf(to.Locale);
        var values = CommonValues(to, language);
        string template;
        switch (notice.Kind)
        {
            case GroupNoticeKind.Proposal when group is not null:
                template = "study_group_proposal";
                values["group_size"] = group.Members.Count;
                values["slots"] = GroupTimes.LocalLines(group.SharedTime, to.TimeZone, group.WeekStartUtc, language).ToArray();
                values["hours"] = GroupTimes.Hours(group.SharedTime).ToString("0.#", CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "fr-FR"));
                values["accept"] = GroupPhrases.Accept(language);
                values["decline"] = GroupPhrases.Decline(language);
                break;
            case GroupNoticeKind.Introduction when group is not null:
                template = "study_group_introduction";
                values["members"] = group.Members.Where(m => m.PersonId != to.PersonId).Select(m => $"{m.FirstName} <{m.Email}>").ToArray();
                values["slots"] = GroupTimes.LocalLines(group.SharedTime, to.TimeZone, group.WeekStartUtc, language).ToArray();
                break;
            default:
                template = "study_group_update";
                values["kind"] = notice.Kind switch
                {
                    GroupNoticeKind.ProposalCancelled => "cancelled",
                    GroupNoticeKind.ProposalExpired => "expired",
                    GroupNoticeKind.MemberLeft => "member_left",
                    GroupNoticeKind.GroupDissolved => "dissolved",
                    _ => "no_group",
                };
                break;
        }

        var both = notice.Kind is GroupNoticeKind.Proposal or GroupNoticeKind.Introduction;
        var reference = await learners.ChatOfAsync(to.PersonId, ct);
        if (reference is not null)
        {
            values["chat"] = true;
            var text = (await templates.RenderAsync(template, language, values)).Text;
            var actions = notice.Kind == GroupNoticeKind.Proposal && group is not null
                ? new SuggestedActions
                {
                    Actions =
                    [
                        CardAction.ImBack(GroupPhrases.Accept(language), GroupPhrases.AcceptGroup(language, group.Code)),
                        CardAction.ImBack(GroupPhrases.Decline(language), GroupPhrases.DeclineGroup(language, group.Code)),
                    ],
                }
                : null;
            await SendChatAsync(notice.SendKey(SendLog.Chat), reference, text, actions, language, ct);
        }

        if (reference is null || both)
        {
            values["chat"] = false;
            var content = await templates.RenderAsync(template, language, values);
            await SendEmailAsync(notice.SendKey(SendLog.Email), to, content, ct);
        }
    }

    /// <summary>One reminder of one meeting to one member, once (key names the meeting), in the chat else by email.</summary>
    public async Task<bool> SendReminderAsync(Guid groupId, Guid personId, string moduleId, Meeting meeting, TimeSpan until, CancellationToken ct)
    {
        if (await queries.RecipientAsync(personId, moduleId, ct) is not { } to || await queries.FindAsync(groupId, ct) is not { } group)
        {
            return false;
        }

        var language = group.Language;
        var values = CommonValues(to, language);
        values["start"] = GroupTimes.LocalStart(meeting.StartUtc, to.TimeZone, language);
        values["end"] = GroupTimes.LocalStart(meeting.EndUtc, to.TimeZone, language)[^5..];
        values["minutes_before"] = (int)Math.Round(until.TotalMinutes);
        var key = ReminderKey(groupId, personId, meeting);
        if (await learners.ChatOfAsync(personId, ct) is { } reference)
        {
            values["chat"] = true;
            return await SendChatAsync(key, reference, (await templates.RenderAsync("study_group_reminder", language, values)).Text, null, language, ct);
        }

        values["chat"] = false;
        return await SendEmailAsync(key, to, await templates.RenderAsync("study_group_reminder", language, values), ct) == DeliveryOutcome.Sent;
    }

    public static string ReminderKey(Guid groupId, Guid personId, Meeting meeting) =>
        $"studygroup:reminder:{groupId:N}:{personId:N}:{meeting.StartUtc.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}";

    private Dictionary<string, object?> CommonValues(GroupRecipient to, string language) => new()
    {
        ["first_name"] = to.FirstName,
        ["module"] = to.ModuleTitle,
        ["chat_link"] = addresses.Link(""),
        ["leave"] = GroupPhrases.Leave(language),
        ["stop_reminders"] = GroupPhrases.StopReminders(language),
        ["resume_reminders"] = GroupPhrases.ResumeReminders(language),
        ["unsubscribe_link"] = composer.UnsubscribeLink(to.PersonId, EmailCategories.StudyGroups),
    };

    /// <summary>
    /// Every study-group email carries the one-click unsubscribe (RFC 8058) of its own category, and
    /// the delivery skips anyone who opted out of it (or of all email); the chat is not affected.
    /// </summary>
    private Task<DeliveryOutcome> SendEmailAsync(string key, GroupRecipient to, RenderedMail content, CancellationToken ct) =>
        delivery.SendAsync(key, new MailTarget(to.Email, to.PersonId, EmailCategories.StudyGroups),
            composer.Compose(new OutgoingEmail(key, to.Email, to.DisplayName, content, Unsubscribe: new UnsubscribeRequest(to.PersonId, EmailCategories.StudyGroups))), null, ct);

    private async Task<bool> SendChatAsync(string key, StoredConversationReference reference, string text, SuggestedActions? actions, string language, CancellationToken ct) =>
        await chat.SendAsync(key, reference, ChatDelivery.Text(text, language, actions), ct) == DeliveryOutcome.Sent;
}
