using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using SupportBot.Shared.Templates;

namespace SupportBot.Jobs.Nudges;

/// <summary>
/// Daily (recurring job "nudges-daily", 10:00 Europe/Paris): each learner silent for Nudges:SilentDays
/// gets one gentle message (in the chat when the bot can reach them there, else by email), once per
/// silence and at most Nudges:MaxPerMonth a month, never when they opted out of nudges. Through the
/// send log (nudge:&lt;person&gt;:&lt;date&gt;), so a re-run the same day sends nothing twice.
/// </summary>
public sealed class SendNudgesJob(
    NpgsqlDataSource db,
    ConversationReferenceStore references,
    ChatSender chat,
    SendLog log,
    EmailDelivery delivery,
    PeopleStore people,
    MailTemplates templates,
    MailComposer composer,
    ReplyAddresses addresses,
    IOptions<NudgeOptions> options,
    TimeProvider clock)
{
    public const string RecurringId = "nudges-daily";
    private const int PageSize = 500;

    /// <returns>How many learners were nudged.</returns>
    public async Task<int> RunAsync(CancellationToken ct)
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
            var page = await CandidatesAsync(after, now, o, ct);
            foreach (var learner in page)
            {
                if (await NudgeAsync(learner, today, ct))
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

    private async Task<bool> NudgeAsync(Recipient learner, DateOnly today, CancellationToken ct)
    {
        if (await people.IsOptedOutAsync(learner.PersonId, EmailCategories.Nudges, ct))
        {
            return false;
        }

        var key = $"nudge:{learner.PersonId}:{today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        var language = MailTemplates.LanguageOf(learner.Locale);
        var content = await templates.RenderAsync("nudge", language, new Dictionary<string, object?>
        {
            ["recipient_first_name"] = learner.DisplayName.Trim().Split(' ', 2)[0],
            ["chat_link"] = addresses.Link(""),
            ["unsubscribe_link"] = composer.UnsubscribeLink(learner.PersonId, EmailCategories.Nudges),
        });
        string channel;
        if (await references.FindLatestForPersonAsync(learner.PersonId, ct) is { } reference)
        {
            channel = SendLog.Chat;
            if (!await log.TryBeginAsync(key, SendLog.Chat, reference.ConversationId, ct))
            {
                return false;
            }

            try
            {
                var id = await chat.SendAsync(reference.ToReference(), new Activity
                {
                    Type = ActivityTypes.Message,
                    Text = content.Text,
                    TextFormat = TextFormats.Plain,
                    Locale = language == "en" ? "en-US" : "fr-FR",
                }, ct);
                await log.MarkSentAsync(key, id, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await log.MarkFailedAsync(key, ex.GetType().Name + ": " + ex.Message, CancellationToken.None);
                throw;
            }
        }
        else
        {
            channel = SendLog.Email;
            var message = composer.Compose(new OutgoingEmail(key, learner.Email, learner.DisplayName, content,
                Unsubscribe: new UnsubscribeRequest(learner.PersonId, EmailCategories.Nudges)));
            if (await delivery.SendAsync(key, new MailTarget(learner.Email, learner.PersonId, EmailCategories.Nudges), message, null, ct) != DeliveryOutcome.Sent)
            {
                return false;
            }
        }

        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.nudges (person_id, nudged_on, channel) VALUES (@PersonId, @today, @channel) ON CONFLICT DO NOTHING
            """, new { learner.PersonId, today, channel }, cancellationToken: ct));
        return true;
    }

    /// <summary>Learners silent long enough, not nudged since they were last seen, under the monthly cap: one page, by person id.</summary>
    private async Task<IReadOnlyList<Recipient>> CandidatesAsync(Guid after, DateTimeOffset now, NudgeOptions o, CancellationToken ct)
    {
        var monthStart = new DateOnly(now.Year, now.Month, 1);
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<Recipient>(new CommandDefinition("""
            WITH learners AS (
                SELECT p.id, p.display_name, p.email, p.locale, p.time_zone,
                       COALESCE((SELECT max(cr.last_seen_at) FROM supportbot.conversation_references cr WHERE cr.person_id = p.id),
                                (SELECT min(e.enrolled_at) FROM supportbot.enrolments e WHERE e.person_id = p.id)) AS last_seen
                FROM supportbot.people p
                WHERE p.erased_at IS NULL AND p.id > @after
                  AND EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = p.id)
                ORDER BY p.id)
            SELECT l.id AS PersonId, l.display_name AS DisplayName, l.email AS Email, l.locale AS Locale, l.time_zone AS TimeZone
            FROM learners l
            WHERE l.last_seen < @silentSince
              AND NOT EXISTS (SELECT 1 FROM supportbot.nudges n WHERE n.person_id = l.id AND n.nudged_on >= l.last_seen::date)
              AND (SELECT count(*) FROM supportbot.nudges n WHERE n.person_id = l.id AND n.nudged_on >= @monthStart) < @max
            ORDER BY l.id
            LIMIT @size
            """, new { after, silentSince = (now - TimeSpan.FromDays(o.SilentDays)).UtcDateTime, monthStart, max = o.MaxPerMonth, size = PageSize },
            cancellationToken: ct))).ToList();
    }
}
