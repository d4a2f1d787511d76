using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Faq;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>Phrasings learned from use or suggested, kept or removed on the knowledge page, through FAQ's FaqSuggestions (course-wide entries: admins only).</summary>
public sealed class TutorKnowledgeTests(TutorSite site) : IClassFixture<TutorSite>, IAsyncLifetime
{
    public Task InitializeAsync() => DemoKnowledgeBase.LoadAsync(site.Host.Services);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_admin_approves_a_suggested_phrasing_and_the_bot_knows_it_at_once()
    {
        var phrasing = "mot de passe envolé " + Guid.NewGuid().ToString("N")[..6];
        var id = await SuggestAsync("password-reset", phrasing);
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var response = await TutorSite.PostFormAsync(claire, "/tutor/knowledge", new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["approve"] = "true" }, "/tutor/knowledge?handler=Decide");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var knowledge = await site.Host.Services.GetRequiredService<FaqCatalog>().GetAsync(CancellationToken.None);
        Assert.Contains(phrasing, knowledge.Find("password-reset")!.Questions.Fr);
        Assert.Equal("approved", await StatusAsync(id));
    }

    [Fact]
    public async Task An_admin_adds_a_course_word_as_a_keyword_on_the_entry_page_and_the_bot_answers_with_it_at_once()
    {
        // A tool of this course's own, which no general vocabulary knows: the tutor teaches it to the entry.
        var tool = "quizzor" + Guid.NewGuid().ToString("N")[..4];
        var message = $"{tool} ne marche pas";
        var catalog = site.Host.Services.GetRequiredService<FaqCatalog>();
        Assert.NotEqual("technical-support", (await catalog.GetAsync(CancellationToken.None)).Matcher.Match(message).EntryId);
        var entry = (await catalog.GetAsync(CancellationToken.None)).Find("technical-support")!;
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var response = await TutorSite.PostFormAsync(claire, "/tutor/knowledge/technical-support", new()
        {
            ["Topic"] = entry.Topic,
            ["QuestionsFr"] = string.Join('\n', entry.Questions.Fr),
            ["QuestionsEn"] = string.Join('\n', entry.Questions.En),
            ["AnswerFr"] = entry.Answer.Fr,
            ["AnswerEn"] = entry.Answer.En,
            ["Keywords"] = $" {tool} , plateforme du cours,, {tool.ToUpperInvariant()}",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var knowledge = await catalog.GetAsync(CancellationToken.None);
        Assert.Equal([tool, "plateforme du cours"], knowledge.Find("technical-support")!.KeywordList);
        Assert.Equal("technical-support", knowledge.Matcher.Match(message).EntryId);
        var page = WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri("/tutor/knowledge/technical-support", UriKind.Relative)));
        Assert.Contains($"value=\"{tool}, plateforme du cours\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_writes_a_new_entry_in_french_only_and_a_half_written_language_is_refused_with_the_reason()
    {
        var id = "bourse-" + Guid.NewGuid().ToString("N")[..6];
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var form = new Dictionary<string, string>
        {
            ["Id"] = id,
            ["Topic"] = "financement",
            ["Module"] = "",
            ["QuestionsFr"] = "Comment demander une bourse d'études ?",
            ["AnswerFr"] = "Le dossier de bourse se dépose sur le portail du CROUS avant le 15 mai.",
            ["QuestionsEn"] = "How do I apply for a grant?",
            ["AnswerEn"] = "",
        };

        var refused = await TutorSite.PostFormAsync(claire, "/tutor/knowledge/new", form);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("Il manque la réponse en anglais : la fiche a des formulations en anglais.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var catalog = site.Host.Services.GetRequiredService<FaqCatalog>();
        Assert.Null((await catalog.GetAsync(CancellationToken.None)).Find(id));

        form["QuestionsEn"] = "";
        var created = await TutorSite.PostFormAsync(claire, "/tutor/knowledge/new", form);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var entry = (await catalog.GetAsync(CancellationToken.None)).Find(id)!;
        Assert.Equal(["Comment demander une bourse d'études ?"], entry.Questions.Fr);
        Assert.Empty(entry.Questions.En);
        Assert.False(entry.Answer.Has("en"));
    }

    [Fact]
    public async Task An_admin_removes_a_phrasing_learned_from_a_learners_pick_and_the_bot_forgets_it_at_once()
    {
        var phrasing = "mdp volatilisé " + Guid.NewGuid().ToString("N")[..6];
        await PickAsync(phrasing, "password-reset");
        var catalog = site.Host.Services.GetRequiredService<FaqCatalog>();
        Assert.Contains(phrasing, (await catalog.GetAsync(CancellationToken.None)).Find("password-reset")!.Questions.Fr);
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var page = await claire.GetStringAsync(new Uri("/tutor/knowledge", UriKind.Relative));
        Assert.Contains(phrasing, page, StringComparison.Ordinal);
        Assert.Contains("Retirer", page, StringComparison.Ordinal);
        var id = await IdOfAsync(phrasing);

        var response = await TutorSite.PostFormAsync(claire, "/tutor/knowledge", new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["approve"] = "false" }, "/tutor/knowledge?handler=Decide");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain(phrasing, (await catalog.GetAsync(CancellationToken.None)).Find("password-reset")!.Questions.Fr);
        Assert.Equal("rejected", await StatusAsync(id));
    }

    [Fact]
    public async Task A_phrasing_a_learner_said_not_quite_to_shows_why_it_waits_and_an_admin_approves_it_back()
    {
        // The calls FaqFeedbackTurn makes after a pick: its answer logged as the learner's question, then "not quite".
        var phrasing = "mdp parti " + Guid.NewGuid().ToString("N")[..6];
        var log = await PickAsync(phrasing, "password-reset");
        var answered = await log.RecordAsync(new FaqQueryRecord(null, null, "fr", phrasing, MatchOutcome.Answered, "password-reset", 1, []), CancellationToken.None);
        await log.RecordFeedbackAsync(answered, helped: false, CancellationToken.None);
        var catalog = site.Host.Services.GetRequiredService<FaqCatalog>();
        Assert.DoesNotContain(phrasing, (await catalog.GetAsync(CancellationToken.None)).Find("password-reset")!.Questions.Fr);

        var claire = await site.SignedInAsync(TutorSite.Claire);
        var page = await claire.GetStringAsync(new Uri("/tutor/knowledge", UriKind.Relative));
        var row = page[page.IndexOf(phrasing, StringComparison.Ordinal)..];
        row = row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
        Assert.Contains("« Pas tout à fait » ×1", row, StringComparison.Ordinal);
        Assert.Contains("Approuver", row, StringComparison.Ordinal);

        var id = await IdOfAsync(phrasing);
        await TutorSite.PostFormAsync(claire, "/tutor/knowledge", new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["approve"] = "true" }, "/tutor/knowledge?handler=Decide");
        Assert.Contains(phrasing, (await catalog.GetAsync(CancellationToken.None)).Find("password-reset")!.Questions.Fr);
        Assert.Equal("approved", await StatusAsync(id));
    }

    [Fact]
    public async Task A_module_tutor_cannot_decide_on_a_course_wide_entry()
    {
        var id = await SuggestAsync("account-locked", "compte gelé " + Guid.NewGuid().ToString("N")[..6]);
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        Assert.DoesNotContain($"value=\"{id}\"", await samuel.GetStringAsync(new Uri("/tutor/knowledge", UriKind.Relative)), StringComparison.Ordinal);
        var response = await TutorSite.PostFormAsync(samuel, "/tutor/knowledge", new() { ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["approve"] = "false" }, "/tutor/knowledge?handler=Decide");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("pending", await StatusAsync(id));
    }

    /// <summary>Learned the way the bot learns it: a learner's "did you mean" pick, as FaqTurn records it through FaqQueryLog.</summary>
    private async Task<FaqQueryLog> PickAsync(string phrasing, string entryId)
    {
        var log = site.Host.Services.GetRequiredService<FaqQueryLog>();
        var queryId = await log.RecordAsync(new FaqQueryRecord(null, null, "fr", phrasing, MatchOutcome.Ambiguous, null, 0.4, [entryId, "account-locked"]), CancellationToken.None);
        await log.RecordPickAsync(new FaqOfferedChoice(queryId, phrasing, "fr", [entryId, "account-locked"]), entryId, CancellationToken.None);
        return log;
    }

    private async Task<long> SuggestAsync(string entryId, string text)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO supportbot.faq_variant_suggestions (entry_id, language, text, times_helped) VALUES (@entryId, 'fr', @text, 2) RETURNING id
            """, new { entryId, text });
    }

    private async Task<long> IdOfAsync(string text)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("SELECT id FROM supportbot.faq_variant_suggestions WHERE text = @text", new { text });
    }

    private async Task<string> StatusAsync(long id)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<string>("SELECT status FROM supportbot.faq_variant_suggestions WHERE id = @id", new { id }) ?? "";
    }
}
