using System.Globalization;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Jobs.Routing;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>
/// Turning answers and miss clusters into knowledge from the pages: a new entry, a phrasing of an
/// entry, an entry from a cluster; the bot answers the promoted question itself through Direct Line;
/// a tutor of m2-data can neither write for m1-platform nor promote its answers.
/// </summary>
public sealed class TutorPromotionTests(TutorSite site) : IClassFixture<TutorSite>, IAsyncLifetime
{
    private static readonly LearnerIdentity Marc = new("learner-marc", "Marc Jean-Baptiste", "marc.jb@example.test", "m1-platform", "fr", "America/Martinique");
    private static readonly LearnerIdentity Lea = new("learner-lea", "Léa Dubois", "lea.dubois@example.test", "m2-data", "fr", "Europe/Paris");

    public Task InitializeAsync() => DemoKnowledgeBase.LoadAsync(site.Host.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_tutor_answer_promoted_to_a_new_entry_is_then_answered_by_the_bot_itself()
    {
        var question = "le cadenas orange à côté du chapitre 3 veut dire quoi " + Suffix();
        const string Answer = "Le cadenas orange signale un chapitre ouvert seulement après le quiz du chapitre 2.";
        var marc = await WebChatLearner.OpenAsync(site.Host, Marc);
        await marc.SaysAsync(question);
        Assert.Matches("transmet(s|tre) votre question", Text(Assert.Single(await marc.BotMessagesAsync()))); // the peer offer (its wording names the module since #14)
        await marc.SaysAsync("Oui, demander aux pairs");
        Assert.Contains("C'est transmis", Text(Assert.Single(await marc.BotMessagesAsync())), StringComparison.Ordinal);
        var questionId = await QuestionAsync(question);

        var claire = await site.SignedInAsync(TutorSite.Claire);
        var answered = await TutorSite.PostFormAsync(claire, $"/tutor/questions/{questionId}", new() { ["Answer"] = Answer });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var answerId = await AnswerOfAsync(questionId);
        await site.Host.Services.GetRequiredService<RelayAnswerJob>().RunAsync(answerId, CancellationToken.None);
        Assert.Contains(await marc.BotMessagesAsync(), m => Text(m).Contains(Answer, StringComparison.Ordinal));

        Assert.Contains($"/tutor/knowledge/new?answer={answerId}", await claire.GetStringAsync(new Uri($"/tutor/questions/{questionId}", UriKind.Relative)), StringComparison.Ordinal);
        var form = WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri($"/tutor/knowledge/new?answer={answerId}", UriKind.Relative)));
        Assert.Contains(question, form, StringComparison.Ordinal);
        Assert.Contains(Answer, form, StringComparison.Ordinal);
        var entryId = "orange-padlock-" + Suffix();
        var created = await CreateAsync(claire, $"/tutor/knowledge/new?answer={answerId}", entryId, "m1-platform", question, Answer, ("FromAnswer", answerId.ToString()));

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"/tutor/knowledge/{entryId}?saved=true", created.Headers.Location!.ToString());
        await marc.SaysAsync(question);
        Assert.Contains(Answer, Text(Assert.Single(await marc.BotMessagesAsync())), StringComparison.Ordinal);

        var detail = WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri($"/tutor/questions/{questionId}", UriKind.Relative)));
        Assert.DoesNotContain($"new?answer={answerId}", detail, StringComparison.Ordinal);
        Assert.Contains($"/tutor/knowledge/{entryId}", detail, StringComparison.Ordinal);
        var again = await CreateAsync(claire, $"/tutor/knowledge/new?answer={answerId}", entryId + "-bis", "m1-platform", question, Answer, ("FromAnswer", answerId.ToString()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.knowledge_entries WHERE id = @id", new { id = entryId + "-bis" }));
        Assert.Equal((entryId, "entry"), await c.QuerySingleAsync<(string, string)>("SELECT entry_id, kind FROM supportbot.faq_promotions WHERE answer_id = @answerId", new { answerId }));
    }

    [Fact]
    public async Task A_question_added_as_a_phrasing_of_an_entry_is_answered_with_that_entry()
    {
        var question = "mon ordi refuse d'ouvrir la plateforme depuis ce matin " + Suffix();
        var questionId = await AskAsync("m1-platform", question);
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var answerId = await AnswerAsync(claire, questionId, "Videz le cache du navigateur puis reconnectez-vous.");

        var promoted = await TutorSite.PostFormAsync(claire, $"/tutor/questions/{questionId}",
            new() { ["answerId"] = answerId.ToString(), ["entryId"] = "technical-support" }, $"/tutor/questions/{questionId}?handler=Variant");

        Assert.Equal(HttpStatusCode.Redirect, promoted.StatusCode);
        var knowledge = await site.Host.Services.GetRequiredService<FaqCatalog>().GetAsync(CancellationToken.None);
        Assert.Contains(question, knowledge.Find("technical-support")!.Questions.Fr);
        var lea = await WebChatLearner.OpenAsync(site.Host, Lea);
        await lea.SaysAsync(question);
        Assert.Contains(knowledge.Find("technical-support")!.Answer.Fr[..40], Text(Assert.Single(await lea.BotMessagesAsync())), StringComparison.Ordinal);
        var twice = await TutorSite.PostFormAsync(claire, $"/tutor/questions/{questionId}",
            new() { ["answerId"] = answerId.ToString(), ["entryId"] = "password-reset" }, $"/tutor/questions/{questionId}?handler=Variant");
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
    }

    [Fact]
    public async Task A_tutor_of_m2_writes_and_promotes_only_within_m2()
    {
        var m1Question = await AskAsync("m1-platform", "question du module 1 " + Suffix());
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var m1Answer = await AnswerAsync(claire, m1Question, "Réponse du module 1.");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        Assert.Equal(HttpStatusCode.NotFound, (await samuel.GetAsync(new Uri($"/tutor/knowledge/new?answer={m1Answer}", UriKind.Relative))).StatusCode);
        var forM1 = await CreateAsync(samuel, "/tutor/knowledge/new", "m1-by-samuel-" + Suffix(), "m1-platform", "how do I pin a chapter", "Like this.");
        Assert.Equal(HttpStatusCode.Redirect, forM1.StatusCode);
        Assert.Contains("/tutor/denied", forM1.Headers.Location!.ToString(), StringComparison.Ordinal);
        var fromM1Answer = await CreateAsync(samuel, "/tutor/knowledge/new", "m2-from-m1-" + Suffix(), "m2-data", "question du module 1", "Réponse.", ("FromAnswer", m1Answer.ToString()));
        Assert.Equal(HttpStatusCode.NotFound, fromM1Answer.StatusCode);
        var courseWide = await CreateAsync(samuel, "/tutor/knowledge/new", "course-by-samuel-" + Suffix(), "", "how do I print", "Ctrl+P.");
        Assert.Contains("/tutor/denied", courseWide.Headers.Location!.ToString(), StringComparison.Ordinal);

        var m2Entry = "pivot-tables-" + Suffix();
        Assert.Equal(HttpStatusCode.Redirect, (await CreateAsync(samuel, "/tutor/knowledge/new", m2Entry, "m2-data", "how do I make a pivot table", "Insert > Pivot table.")).StatusCode);
        var m1Variant = await samuel.PostAsync(new Uri($"/tutor/questions/{m1Question}?handler=Variant", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["answerId"] = m1Answer.ToString(),
            ["entryId"] = m2Entry,
            ["__RequestVerificationToken"] = TutorSite.AntiforgeryToken(await samuel.GetStringAsync(new Uri("/tutor/knowledge/new", UriKind.Relative))),
        }));
        Assert.Equal(HttpStatusCode.NotFound, m1Variant.StatusCode);

        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.faq_promotions WHERE answer_id = @m1Answer", new { m1Answer }));
        Assert.Equal("m2-data", await c.ExecuteScalarAsync<string>("SELECT module_id FROM supportbot.knowledge_entries WHERE id = @m2Entry", new { m2Entry }));
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.knowledge_entries WHERE id LIKE 'm1-by-samuel-%' OR id LIKE 'course-by-samuel-%' OR id LIKE 'm2-from-m1-%'"));
    }

    [Fact]
    public async Task Nobody_signed_out_opens_or_posts_the_new_entry_page()
    {
        var stranger = site.Browser();

        var page = await stranger.GetAsync(new Uri("/tutor/knowledge/new", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/tutor/sign-in", page.Headers.Location!.ToString(), StringComparison.Ordinal);
        var post = await stranger.PostAsync(new Uri("/tutor/knowledge/new", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["Id"] = "anonymous" }));
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.False(post.IsSuccessStatusCode);
    }

    [Fact]
    public async Task A_cluster_becomes_an_entry_that_closes_it_and_another_is_dismissed()
    {
        var miss = "où trouver le planning des classes virtuelles " + Suffix();
        var cluster = await ClusterAsync("planning classes virtuelles", miss);
        var other = await ClusterAsync("météo", "quel temps fera-t-il demain " + Suffix());
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var index = await claire.GetStringAsync(new Uri("/tutor/knowledge", UriKind.Relative));
        Assert.Contains($"/tutor/knowledge/new?cluster={cluster}", index, StringComparison.Ordinal);
        Assert.Contains(miss, WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri($"/tutor/knowledge/new?cluster={cluster}", UriKind.Relative))), StringComparison.Ordinal);
        var entryId = "virtual-class-schedule-" + Suffix();
        var created = await CreateAsync(claire, $"/tutor/knowledge/new?cluster={cluster}", entryId, "m1-platform", miss, "Agenda du module, onglet Classes virtuelles.",
            ("FromCluster", cluster.ToString(CultureInfo.InvariantCulture)));
        var dismissed = await TutorSite.PostFormAsync(claire, "/tutor/knowledge", new() { ["id"] = other.ToString(CultureInfo.InvariantCulture) }, "/tutor/knowledge?handler=Dismiss");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, dismissed.StatusCode);
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        Assert.Equal("converted", await c.ExecuteScalarAsync<string>("SELECT status FROM supportbot.faq_miss_clusters WHERE id = @cluster", new { cluster }));
        Assert.Equal("dismissed", await c.ExecuteScalarAsync<string>("SELECT status FROM supportbot.faq_miss_clusters WHERE id = @other", new { other }));
        var knowledge = await site.Host.Services.GetRequiredService<FaqCatalog>().GetAsync(CancellationToken.None);
        Assert.Equal(entryId, knowledge.Matcher.Match(miss).EntryId);
        Assert.DoesNotContain($"new?cluster={cluster}", await claire.GetStringAsync(new Uri("/tutor/knowledge", UriKind.Relative)), StringComparison.Ordinal);
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    private static string Text(System.Text.Json.JsonElement message) => message.GetProperty("text").GetString() ?? "";

    /// <summary>Fills the New entry form as a tutor would (the phrasing and answer copied into both languages).</summary>
    private static Task<HttpResponseMessage> CreateAsync(HttpClient tutor, string pageUrl, string id, string module, string phrasing, string answer, params (string Name, string Value)[] hidden)
    {
        var fields = new Dictionary<string, string>
        {
            ["Id"] = id,
            ["Topic"] = "technical",
            ["Module"] = module,
            ["QuestionsFr"] = phrasing,
            ["QuestionsEn"] = phrasing,
            ["AnswerFr"] = answer,
            ["AnswerEn"] = answer,
        };
        foreach (var (name, value) in hidden)
        {
            fields[name] = value;
        }

        return TutorSite.PostFormAsync(tutor, pageUrl, fields, "/tutor/knowledge/new");
    }

    private async Task<Guid> AnswerAsync(HttpClient tutor, Guid questionId, string text)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await TutorSite.PostFormAsync(tutor, $"/tutor/questions/{questionId}", new() { ["Answer"] = text })).StatusCode);
        return await AnswerOfAsync(questionId);
    }

    private async Task<Guid> AnswerOfAsync(Guid questionId)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.QuerySingleAsync<Guid>("SELECT id FROM supportbot.answers WHERE question_id = @questionId", new { questionId });
    }

    private async Task<Guid> QuestionAsync(string text)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.QuerySingleAsync<Guid>("SELECT id FROM supportbot.questions WHERE text = @text", new { text });
    }

    private async Task<Guid> AskAsync(string module, string text)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("""
            INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status)
            SELECT id, @module, 'technical', 'fr', @text, 'routed' FROM supportbot.people WHERE external_id = 'learner-aicha'
            RETURNING id
            """, new { module, text });
    }

    private async Task<long> ClusterAsync(string label, string query)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO supportbot.faq_miss_clusters (computed_for, label, language, queries, size) VALUES (current_date, @label, 'fr', ARRAY[@query], 3) RETURNING id
            """, new { label, query });
    }
}
