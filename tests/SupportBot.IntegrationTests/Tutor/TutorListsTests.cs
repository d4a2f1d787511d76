using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>
/// What a tutor finds on Monday morning in the question list: one page at a time, sorted by the
/// column they click, topics and modules in their own words, and an empty list that says what to do.
/// </summary>
public sealed partial class TutorListsTests(TutorSite site) : IClassFixture<TutorSite>, IAsyncLifetime
{
    private static readonly string[] Learners = ["learner-lea", "learner-marc", "learner-aicha", "learner-hugo", "learner-nina", "learner-tom"];

    public async Task InitializeAsync()
    {
        await DemoKnowledgeBase.LoadAsync(site.Host.Services);
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        if (await c.ExecuteScalarAsync<int>("SELECT count(*)::int FROM supportbot.questions") > 0)
        {
            return;
        }

        // 30 questions of module 2, one an hour, the newest "Question 30"; every learner asks five.
        for (var n = 1; n <= 30; n++)
        {
            await c.ExecuteAsync("""
                INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status, created_at)
                SELECT id, 'm2-data', 'exams', 'fr', @text, 'routed', @at FROM supportbot.people WHERE external_id = @learner
                """, new { text = $"Question {n:00} sur l'examen", at = new DateTime(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc).AddHours(n), learner = Learners[n % Learners.Length] });
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static List<string> QuestionsShown(string html) =>
        [.. QuestionLink().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    [Fact]
    public async Task The_question_list_shows_a_page_at_a_time_newest_first_and_the_next_page_holds_the_rest()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var first = await samuel.GetStringAsync(new Uri("/tutor/questions?list=all", UriKind.Relative));
        var second = await samuel.GetStringAsync(new Uri("/tutor/questions?list=all&page=2", UriKind.Relative));

        var one = QuestionsShown(first);
        Assert.Equal(25, one.Count);
        Assert.Equal("Question 30 sur l'examen", one[0]);
        Assert.Contains("Page 1 of 2 · 30 in all", WebUtility.HtmlDecode(first), StringComparison.Ordinal);
        Assert.Contains("rel=\"next\" href=\"?list=all&amp;page=2\"", first, StringComparison.Ordinal);
        var two = QuestionsShown(second);
        Assert.Equal(["Question 05 sur l'examen", "Question 04 sur l'examen", "Question 03 sur l'examen", "Question 02 sur l'examen", "Question 01 sur l'examen"], two);
        Assert.Empty(one.Intersect(two));
    }

    [Fact]
    public async Task Each_list_says_how_many_questions_it_holds_with_the_filters_applied()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var open = WebUtility.HtmlDecode(await samuel.GetStringAsync(new Uri("/tutor/questions", UriKind.Relative)));
        var searched = WebUtility.HtmlDecode(await samuel.GetStringAsync(new Uri("/tutor/questions?list=open&search=Question%2030", UriKind.Relative)));

        // Another test of this class escalates and answers one more question: only the open list is fixed.
        Assert.Contains(">Open (30)</a>", open, StringComparison.Ordinal);
        Assert.Matches(">Escalated \\([01]\\)</a>", open);
        Assert.Contains(">Open (1)</a>", searched, StringComparison.Ordinal);
        Assert.Contains(">All (1)</a>", searched, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clicking_a_column_sorts_by_it_and_clicking_it_again_reverses_it()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var byLearner = await samuel.GetStringAsync(new Uri("/tutor/questions?list=all&sort=learner&dir=asc", UriKind.Relative));
        var oldest = await samuel.GetStringAsync(new Uri("/tutor/questions?list=all&sort=asked&dir=asc", UriKind.Relative));

        // Aïcha asked questions 2, 8, 14, 20 and 26: first when sorted by learner.
        Assert.Equal(["Question 26 sur l'examen", "Question 20 sur l'examen", "Question 14 sur l'examen", "Question 08 sur l'examen", "Question 02 sur l'examen"],
            QuestionsShown(byLearner)[..5]);
        Assert.Contains("aria-sort=\"ascending\"><a class=\"sort\" href=\"?list=all&amp;sort=learner&amp;dir=desc\"", byLearner, StringComparison.Ordinal);
        Assert.Equal("Question 01 sur l'examen", QuestionsShown(oldest)[0]);
        // A column that is not sortable, or a made-up one, keeps the default order rather than failing.
        var unknown = await samuel.GetAsync(new Uri("/tutor/questions?list=all&sort=drop%20table&dir=sideways&page=-3", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal("Question 30 sur l'examen", QuestionsShown(await unknown.Content.ReadAsStringAsync())[0]);
    }

    [Fact]
    public async Task Topics_and_modules_read_in_the_tutor_s_language_not_as_keys()
    {
        var claire = await (await site.SignedInAsync(TutorSite.Claire)).GetStringAsync(new Uri("/tutor/questions?list=all", UriKind.Relative));
        var samuel = await (await site.SignedInAsync(TutorSite.Samuel)).GetStringAsync(new Uri("/tutor/questions?list=all", UriKind.Relative));

        Assert.Contains("<td>Examens</td>", claire, StringComparison.Ordinal);
        Assert.Contains("<td>Exams</td>", samuel, StringComparison.Ordinal);
        Assert.Contains("<td>Module 2 – Données et tableurs</td>", WebUtility.HtmlDecode(claire), StringComparison.Ordinal);
        Assert.DoesNotContain("<td>exams</td>", claire + samuel, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>m2-data</td>", claire + samuel, StringComparison.Ordinal);
        var insights = await (await site.SignedInAsync(TutorSite.Claire)).GetStringAsync(new Uri("/tutor/insights", UriKind.Relative));
        Assert.Contains("\"Examens\"", insights, StringComparison.Ordinal);
        Assert.DoesNotContain("\"exams\"", insights, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_list_says_why_and_where_to_look_and_an_empty_search_offers_to_clear_it()
    {
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var expired = WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri("/tutor/questions?list=expired", UriKind.Relative)));
        var searched = WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri("/tutor/questions?list=all&search=calculatrice", UriKind.Relative)));

        Assert.Contains("Aucune question expirée : chaque question a reçu une réponse à temps.", expired, StringComparison.Ordinal);
        Assert.Contains("<a href=\"?list=all\">Voir toutes les questions</a>", expired, StringComparison.Ordinal);
        Assert.Contains("Aucune question de cette liste ne correspond à ces filtres.", searched, StringComparison.Ordinal);
        Assert.Contains("<a href=\"?list=all\">Effacer les filtres</a>", searched, StringComparison.Ordinal);
    }

    private static string Text(string html) => WebUtility.HtmlDecode(Regex.Replace(html, "<[^>]+>", ""));

    [Fact]
    public async Task Knowledge_entries_are_listed_by_their_question_and_topic_in_the_tutor_s_words_a_page_at_a_time()
    {
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var first = await claire.GetStringAsync(new Uri("/tutor/knowledge", UriKind.Relative));
        var second = await claire.GetStringAsync(new Uri("/tutor/knowledge?entries.page=2", UriKind.Relative));
        var byPhrasings = await claire.GetStringAsync(new Uri("/tutor/knowledge?entries.sort=phrasings&entries.dir=asc", UriKind.Relative));

        var entries = Regex.Matches(first + second, "<a href=\"/tutor/knowledge/([a-z-]+)\">([^<]+)</a>").Select(m => (Id: m.Groups[1].Value, Title: WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        Assert.Equal(37, entries.Count);
        Assert.Equal(37, entries.Select(e => e.Id).Distinct().Count());
        Assert.Contains(("password-reset", "J'ai oublié mon mot de passe, comment le réinitialiser ?"), entries);
        Assert.DoesNotContain(entries, e => e.Title == e.Id);
        Assert.Contains("Page 1 sur 2 · 37 au total", Text(first), StringComparison.Ordinal);
        Assert.Contains("<td>Compte et connexion</td>", first + second, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>account</td>", first + second, StringComparison.Ordinal);
        Assert.Contains("aria-sort=\"ascending\"><a class=\"sort\" href=\"?entries.sort=phrasings&amp;entries.dir=desc#entries\"", byPhrasings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Volunteers_topics_read_in_the_tutor_s_language()
    {
        var claire = await (await site.SignedInAsync(TutorSite.Claire)).GetStringAsync(new Uri("/tutor/volunteers", UriKind.Relative));
        var samuel = await (await site.SignedInAsync(TutorSite.Samuel)).GetStringAsync(new Uri("/tutor/volunteers", UriKind.Relative));

        Assert.Contains("Compte et connexion, Technique, Contenu du cours", WebUtility.HtmlDecode(claire), StringComparison.Ordinal);
        Assert.Contains("Account and sign-in, Technical, Course content", WebUtility.HtmlDecode(samuel), StringComparison.Ordinal);
        Assert.DoesNotContain("account, technical", claire + samuel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_campaign_says_how_many_people_it_will_reach_without_those_who_said_stop()
    {
        var people = site.Host.Services.GetRequiredService<PeopleStore>();
        var nina = (await people.FindByEmailAsync(["nina.wamytan@example.test"], CancellationToken.None))!.Value;
        await people.SetEmailOptOutAsync(nina, EmailCategories.Campaigns, true, CancellationToken.None);
        int enrolled;
        await using (var c = await site.Database.DataSource.OpenConnectionAsync())
        {
            enrolled = await c.ExecuteScalarAsync<int>("SELECT count(*)::int FROM supportbot.enrolments WHERE module_id = 'm2-data'");
        }

        var id = await site.Host.Services.GetRequiredService<CampaignLifecycle>().CreateAsync(new NewCampaign("Révisions", "m2-data", null, new AudienceFilter(AudienceKind.Module, "m2-data"),
            new CampaignMessage("Courage", "Bonjour {{ first_name }}", "Keep going", "Hello {{ first_name }}"),
            CampaignChannel.ChatElseEmail, LocalSchedule.Now(DateTimeOffset.UtcNow)), CancellationToken.None);
        var page = Text(await (await site.SignedInAsync(TutorSite.Samuel)).GetStringAsync(new Uri($"/tutor/campaigns/{id}", UriKind.Relative)));

        Assert.True(enrolled > 1);
        Assert.Contains($"{enrolled - 1} people will get it if it goes out now ({enrolled} in the audience, 1 of whom asked for no more of these messages).",
            Regex.Replace(page, "\\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_tutor_answers_the_question_reads_answered_and_the_tutor_is_no_longer_awaited()
    {
        Guid question;
        await using (var c = await site.Database.DataSource.OpenConnectionAsync())
        {
            question = await c.ExecuteScalarAsync<Guid>("""
                INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status, created_at)
                SELECT id, 'm2-data', NULL, 'en', 'Where is the week 3 dataset?', 'escalated', now() FROM supportbot.people WHERE external_id = 'learner-tom'
                RETURNING id
                """);
            await c.ExecuteAsync("""
                INSERT INTO supportbot.question_recipients (question_id, person_id, role, reply_token)
                SELECT @question, id, 'tutor', 'token-' || @question FROM supportbot.people WHERE external_id = 'tutor-samuel'
                """, new { question });
        }

        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var before = Text(await samuel.GetStringAsync(new Uri($"/tutor/questions/{question}", UriKind.Relative)));
        var posted = await TutorSite.PostFormAsync(samuel, $"/tutor/questions/{question}", new() { ["Answer"] = "In the Resources tab of week 3." });
        var after = Text(await samuel.GetStringAsync(new Uri($"/tutor/questions/{question}", UriKind.Relative)));

        Assert.Contains("Tom Wilson · Module 2 – Données et tableurs · ", before, StringComparison.Ordinal);
        Assert.DoesNotContain("· ·", before, StringComparison.Ordinal);
        Assert.Contains("Samuel Okoro (tutor)", before, StringComparison.Ordinal);
        Assert.Contains("no answer yet", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("Question answered", Regex.Replace(after, "\\s+", " "), StringComparison.Ordinal);
        Assert.DoesNotContain("no answer", after, StringComparison.Ordinal);
        Assert.Matches("Samuel Okoro \\(tutor\\) · [^·]+ · answered", after);
    }

    [Fact]
    public async Task Empty_lists_say_what_would_fill_them_and_what_to_do()
    {
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var groups = Text(await claire.GetStringAsync(new Uri("/tutor/groups?module=m1-platform", UriKind.Relative)));
        var held = Text(await claire.GetStringAsync(new Uri("/tutor/questions/held", UriKind.Relative)));
        var bounces = Text(await claire.GetStringAsync(new Uri("/tutor/bounces", UriKind.Relative)));
        var learners = await claire.GetStringAsync(new Uri("/tutor/learners?search=zzzz", UriKind.Relative));

        Assert.Contains("Les apprenants s'inscrivent en écrivant « groupe d'étude » au bot", groups, StringComparison.Ordinal);
        Assert.Contains("Une réponse d'une adresse inattendue, ou qui échoue au contrôle DMARC, attendrait ici votre accord.", held, StringComparison.Ordinal);
        Assert.Contains("Aucune adresse en échec : tous les e-mails partent.", bounces, StringComparison.Ordinal);
        Assert.Contains("Aucun apprenant de vos modules ne correspond à « zzzz »", Text(learners), StringComparison.Ordinal);
        Assert.Contains("<a href=\"/tutor/learners\">Effacer la recherche</a>", learners, StringComparison.Ordinal);
    }

    [GeneratedRegex("<a href=\"/tutor/questions/[0-9a-f-]{36}\">([^<]*)</a>")]
    private static partial Regex QuestionLink();
}
