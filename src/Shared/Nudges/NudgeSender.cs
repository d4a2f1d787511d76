using System.Globalization;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Nudges;

public enum LearnerMessageOutcome
{
    Sent,

    /// <summary>The send log holds this message already (same nudge today, same form submitted twice): nothing sent.</summary>
    AlreadySent,

    /// <summary>Not sent and never will be: the learner opted out, or their address bounces.</summary>
    NotWanted,

    /// <summary>No such learner (erased meanwhile).</summary>
    UnknownLearner,
}

/// <summary>
/// The inactivity nudge (#6): each learner silent for Nudges:SilentDays gets one gentle bilingual
/// message (in the chat when the bot can reach them there, else by email), once per silence and at
/// most Nudges:MaxPerMonth a month, never when they opted out of nudges. Through the send log
/// (nudge:&lt;person&gt;:&lt;date&gt;), so a re-run the same day, or a tutor's click after the daily run,
/// sends nothing twice. Run daily by the worker, once by `supportbot nudge run`, and for one learner
/// from the tutors' Silences page.
/// </summary>
public sealed class NudgeSender(
    NudgeStore store,
    AudiencePages audiences,
    LearnerDelivery delivery,
    PeopleStore people,
    MailTemplates templates,
    MailComposer composer,
    ReplyAddresses addresses,
    IOptions<NudgeOptions> options,
    TimeProvider clock)
{
    private const int PageSize = 500;

    /// <returns>How many learners were nudged.</returns>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (o.MaxPerMonth == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var nudged = 0;
        var after = Guid.Empty;
        while (true)
        {
            var page = await store.CandidatesAsync(after, now - TimeSpan.FromDays(o.SilentDays), new DateOnly(now.Year, now.Month, 1), o.MaxPerMonth, PageSize, ct);
            foreach (var learner in page)
            {
                if (await NudgeAsync(learner, today, ct) == LearnerMessageOutcome.Sent)
                {
                    nudged++;
                }
            }

            if (page.Count < PageSize)
            {
                return nudged;
            }

            after = page[^1].PersonId;
        }
    }

    /// <summary>
    /// A tutor's deliberate nudge of one learner: the same message and the same key of the day as
    /// the daily run, so at most one nudge a day whoever sends it, and never to someone who opted out.
    /// The monthly cap limits the automatic nudges only; this one still counts towards it.
    /// </summary>
    public async Task<LearnerMessageOutcome> NudgeOneAsync(Guid personId, CancellationToken ct) =>
        await audiences.FindRecipientAsync(personId, ct) is { } learner
            ? await NudgeAsync(learner, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), ct)
            : LearnerMessageOutcome.UnknownLearner;

    private async Task<LearnerMessageOutcome> NudgeAsync(Recipient learner, DateOnly today, CancellationToken ct)
    {
        if (await people.IsOptedOutAsync(learner.PersonId, EmailCategories.Nudges, ct))
        {
            return LearnerMessageOutcome.NotWanted;
        }

        var key = $"nudge:{learner.PersonId}:{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var content = await templates.RenderAsync("nudge", MailTemplates.LanguageOf(learner.Locale), new Dictionary<string, object?>
        {
            ["recipient_first_name"] = FirstName(learner.DisplayName),
            ["chat_link"] = addresses.Link(""),
            ["unsubscribe_link"] = composer.UnsubscribeLink(learner.PersonId, EmailCategories.Nudges),
        });
        var (outcome, channel) = await delivery.SendAsync(key, learner, content, EmailCategories.Nudges, null, ct);
        switch (outcome)
        {
            case DeliveryOutcome.Sent:
                await store.RecordAsync(learner.PersonId, today, channel, ct);
                return LearnerMessageOutcome.Sent;
            case DeliveryOutcome.AlreadyHandled:
                return LearnerMessageOutcome.AlreadySent;
            default:
                return LearnerMessageOutcome.NotWanted;
        }
    }

    internal static string FirstName(string displayName) => displayName.Trim().Split(' ', 2)[0];
}
