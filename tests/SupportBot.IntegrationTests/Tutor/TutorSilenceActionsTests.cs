using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.IntegrationTests.Routing;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>
/// From the Silences page a tutor nudges a learner or writes them a personal message: in the web
/// chat when the bot can reach them, else by email, once per click whatever the number of clicks,
/// and only to learners of the tutor's modules.
/// </summary>
public sealed class TutorSilenceActionsTests(TutorSite site) : IClassFixture<TutorSite>
{
    private const string Page = "/tutor/silences";

    [Fact]
    public async Task A_nudge_from_the_page_reaches_the_learner_in_the_web_chat_and_a_second_click_sends_nothing()
    {
        var chat = await WebChatLearner.OpenAsync(site.Host, new LearnerIdentity("learner-lea", "Léa Dubois", "lea.dubois@example.test", null, "fr", "Europe/Paris"));
        await chat.SaysAsync("bonjour");
        await chat.BotMessagesAsync();
        var lea = await PersonAsync("learner-lea");
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var first = await NudgeAsync(claire, "m1-platform", lea);

        Assert.Contains("Relance envoyée à Léa Dubois.", await NoticeAsync(claire, first), StringComparison.Ordinal);
        Assert.Contains(await chat.BotMessagesAsync(), m => m.GetProperty("text").GetString()!.Contains("Cela fait quelques jours", StringComparison.Ordinal));

        var second = await NudgeAsync(claire, "m1-platform", lea);

        Assert.Contains("Léa Dubois a déjà reçu une relance aujourd'hui : rien n'a été renvoyé.", await NoticeAsync(claire, second), StringComparison.Ordinal);
        Assert.DoesNotContain(await chat.BotMessagesAsync(timeoutMs: 1500), m => m.GetProperty("text").GetString()!.Contains("Cela fait quelques jours", StringComparison.Ordinal));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM supportbot.nudges WHERE person_id = @person::uuid AND channel = 'chat'", lea));
    }

    [Fact]
    public async Task A_nudge_reaches_by_email_a_learner_the_bot_cannot_reach_in_the_chat()
    {
        var marc = await PersonAsync("learner-marc");
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var response = await NudgeAsync(claire, "m1-platform", marc);

        Assert.Contains("Relance envoyée à Marc Jean-Baptiste.", await NoticeAsync(claire, response), StringComparison.Ordinal);
        var messageId = site.Host.Services.GetRequiredService<ReplyAddresses>()
            .MessageIdFor($"nudge:{marc}:{DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        var mail = (await Smtp4devMailbox.ToAsync("marc.jb@example.test")).Where(m => m.MessageId == messageId).ToList();
        Assert.Equal("Tout va bien, Marc ?", Assert.Single(mail).Subject);
    }

    [Fact]
    public async Task A_personal_message_reaches_the_learner_in_the_web_chat_signed_by_the_tutor_and_a_double_submit_sends_it_once()
    {
        var chat = await WebChatLearner.OpenAsync(site.Host, new LearnerIdentity("learner-aicha", "Aïcha Payet", "aicha.payet@example.test", null, "fr", "Indian/Reunion"));
        await chat.SaysAsync("bonjour");
        await chat.BotMessagesAsync();
        var aicha = await PersonAsync("learner-aicha");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var form = MessageForm("m2-data", aicha, "Comment avance votre tableau croisé ? " + Guid.NewGuid().ToString("N")[..6]);

        var first = await TutorSite.PostFormAsync(samuel, Page + "?module=m2-data", form, Page + "?handler=Message");

        Assert.Contains("Message sent to Aïcha Payet.", await NoticeAsync(samuel, first), StringComparison.Ordinal);
        var text = Assert.Single(await chat.BotMessagesAsync(), m => m.GetProperty("text").GetString()!.Contains(form["text"], StringComparison.Ordinal))
            .GetProperty("text").GetString()!;
        Assert.Contains("Samuel Okoro, votre tuteur·rice", text, StringComparison.Ordinal);
        Assert.Contains("écrivez à samuel.okoro@example.test", text, StringComparison.Ordinal);

        var again = await TutorSite.PostFormAsync(samuel, Page + "?module=m2-data", form, Page + "?handler=Message");

        Assert.Contains("This message to Aïcha Payet was already sent: nothing was sent again.", await NoticeAsync(samuel, again), StringComparison.Ordinal);
        Assert.DoesNotContain(await chat.BotMessagesAsync(timeoutMs: 1500), m => m.GetProperty("text").GetString()!.Contains(form["text"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_personal_message_goes_by_email_with_the_tutor_as_reply_to_when_the_bot_cannot_reach_the_learner()
    {
        var hugo = await PersonAsync("learner-hugo");
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var form = MessageForm("m1-platform", hugo, "Je n'ai pas vu votre devoir 2, tout va bien ? " + Guid.NewGuid().ToString("N")[..6]);

        var response = await TutorSite.PostFormAsync(claire, Page + "?module=m1-platform", form, Page + "?handler=Message");

        Assert.Contains("Message envoyé à Hugo Bernard.", await NoticeAsync(claire, response), StringComparison.Ordinal);
        var mail = Assert.Single(await Smtp4devMailbox.ToAsync("hugo.bernard@example.test"), m => m.TextBody?.Contains(form["text"], StringComparison.Ordinal) == true);
        Assert.Equal("Un message de Claire Martin", mail.Subject);
        Assert.Contains("Claire Martin, votre tuteur·rice", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal("claire.martin@example.test", Assert.Single(mail.ReplyTo.Mailboxes).Address);
    }

    [Fact]
    public async Task A_tutor_cannot_nudge_or_message_a_learner_who_is_only_in_another_module()
    {
        var tom = await PersonAsync("learner-tom");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        foreach (var module in new[] { "m1-platform", "m2-data" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await TutorSite.PostFormAsync(samuel, Page, new() { ["module"] = module, ["learner"] = tom.ToString() }, Page + "?handler=Nudge")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await TutorSite.PostFormAsync(samuel, Page, MessageForm(module, tom, "Hors de mon module"), Page + "?handler=Message")).StatusCode);
        }

        Assert.Equal(0, await CountAsync("SELECT count(*) FROM supportbot.send_log WHERE key LIKE '%' || @person || '%'", tom));
        var claire = await site.SignedInAsync(TutorSite.Claire);
        Assert.Equal(HttpStatusCode.Redirect, (await NudgeAsync(claire, "m1-platform", tom)).StatusCode);
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM supportbot.send_log WHERE key LIKE '%' || @person || '%'", tom));
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_or_without_a_signed_in_tutor_is_refused()
    {
        var nina = await PersonAsync("learner-nina");
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var fields = MessageForm("m2-data", nina, "Sans jeton");

        var forged = await claire.PostAsync(new Uri(Page + "?handler=Message", UriKind.Relative), new FormUrlEncodedContent(fields));
        var stranger = await site.Browser().PostAsync(new Uri(Page + "?handler=Nudge", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["module"] = "m2-data", ["learner"] = nina.ToString() }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
        Assert.StartsWith("http://localhost/tutor/sign-in", stranger.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM supportbot.send_log WHERE key LIKE '%' || @person || '%'", nina));
    }

    private static Dictionary<string, string> MessageForm(string module, Guid learner, string text) => new()
    {
        ["module"] = module,
        ["learner"] = learner.ToString(),
        ["request"] = Guid.NewGuid().ToString(),
        ["text"] = text,
    };

    private static Task<HttpResponseMessage> NudgeAsync(HttpClient tutor, string module, Guid learner) =>
        TutorSite.PostFormAsync(tutor, $"{Page}?module={module}", new() { ["module"] = module, ["learner"] = learner.ToString() }, Page + "?handler=Nudge");

    /// <summary>Follows the redirect after a POST, as the browser does, and reads the page.</summary>
    private static async Task<string> NoticeAsync(HttpClient tutor, HttpResponseMessage posted)
    {
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return WebUtility.HtmlDecode(await tutor.GetStringAsync(posted.Headers.Location));
    }

    private async Task<Guid> PersonAsync(string externalId)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.QuerySingleAsync<Guid>("SELECT id FROM supportbot.people WHERE external_id = @externalId", new { externalId });
    }

    private async Task<int> CountAsync(string sql, Guid person)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>(sql, new { person = person.ToString() });
    }
}
