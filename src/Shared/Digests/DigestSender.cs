using System.Globalization;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Digests;

/// <summary>
/// Builds and sends the digests through the send log (one key per person and day or week, so a
/// re-run sends nothing twice; opt-outs of "digests" and bounces are checked at send time).
/// Empty digests are not sent.
/// </summary>
public sealed class DigestSender(
    DigestStore store,
    MailTemplates templates,
    MailComposer composer,
    ReplyAddresses addresses,
    EmailDelivery delivery,
    LocalSendTime times,
    IOptions<DigestOptions> options,
    TimeProvider clock)
{
    /// <summary>Volunteers for whom it is now the digest hour locally; returns how many digests went out.</summary>
    public async Task<int> SendVolunteerDigestsAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var sent = 0;
        foreach (var v in await store.ListVolunteersAsync(ct))
        {
            if (!times.IsLocalHour(v.TimeZone, o.VolunteerLocalHour) || v.Topics.Length == 0)
            {
                continue;
            }

            var questions = await store.OpenQuestionsAsync(v.PersonId, v.Topics, o.MaxQuestions, ct);
            if (questions.Count == 0)
            {
                continue;
            }

            var helped = await store.LearnersHelpedAsync(v.PersonId, now - TimeSpan.FromDays(7), ct);
            var language = MailTemplates.LanguageOf(v.Locale);
            var content = await templates.RenderAsync("digest_volunteer", language, new Dictionary<string, object?>
            {
                ["recipient_first_name"] = FirstName(v.DisplayName),
                ["questions"] = questions.Select(q => new Dictionary<string, object>
                {
                    ["text"] = q.Text,
                    ["module"] = q.ModuleTitle ?? "",
                    ["reply_to"] = q.ReplyToken is { } token ? addresses.ReplyTo(token) : "",
                }).ToList(),
                ["helped"] = helped,
                ["unsubscribe_link"] = composer.UnsubscribeLink(v.PersonId, EmailCategories.Digests),
            });
            var key = $"digest:volunteer:{v.PersonId}:{DateOnly.FromDateTime(times.LocalNow(v.TimeZone)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
            var message = composer.Compose(new OutgoingEmail(key, v.Email, v.DisplayName, content, Unsubscribe: new UnsubscribeRequest(v.PersonId, EmailCategories.Digests)));
            if (await delivery.SendAsync(key, new MailTarget(v.Email, v.PersonId, EmailCategories.Digests), message, null, ct) == DeliveryOutcome.Sent)
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>Each tutor's weekly digest per module, over the 7 days before now.</summary>
    public async Task<int> SendTutorDigestsAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var week = DateOnly.FromDateTime(times.LocalNow(LocalSendTime.DefaultZone)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sent = 0;
        foreach (var t in await store.ListTutorsAsync(ct))
        {
            var w = await store.ModuleWeekAsync(t.ModuleId, now - TimeSpan.FromDays(7), now, o.SilentDays, ct);
            if (w.IsEmpty)
            {
                continue;
            }

            var language = MailTemplates.LanguageOf(t.Locale);
            var content = await templates.RenderAsync("digest_tutor", language, new Dictionary<string, object?>
            {
                ["recipient_first_name"] = FirstName(t.DisplayName),
                ["module_title"] = t.ModuleTitle,
                ["asked"] = w.Asked,
                ["answered_by_peers"] = w.AnsweredByPeers,
                ["answered_by_faq"] = w.AnsweredByFaq,
                ["unresolved"] = w.Unresolved,
                ["faq_misses"] = w.FaqMisses,
                ["silent_learners"] = w.SilentLearners,
                ["silent_days"] = o.SilentDays,
                ["tutor_link"] = addresses.Link("tutor"),
                ["unsubscribe_link"] = composer.UnsubscribeLink(t.PersonId, EmailCategories.Digests),
            });
            var key = $"digest:tutor:{t.ModuleId}:{t.PersonId}:{week}";
            var message = composer.Compose(new OutgoingEmail(key, t.Email, t.DisplayName, content, Unsubscribe: new UnsubscribeRequest(t.PersonId, EmailCategories.Digests)));
            if (await delivery.SendAsync(key, new MailTarget(t.Email, t.PersonId, EmailCategories.Digests), message, null, ct) == DeliveryOutcome.Sent)
            {
                sent++;
            }
        }

        return sent;
    }

    private static string? FirstName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries)[0];
}
