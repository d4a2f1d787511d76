using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Faq;

public sealed class FaqSuggestionTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private static readonly LearnerIdentity Marc = new("learner-marc", "Marc Jean-Baptiste", "marc.jb@example.test", null, "fr", "America/Martinique");
    private BotHost host = null!;
    private Guid tutor;

    private FaqSuggestions Suggestions => host.Services.GetRequiredService<FaqSuggestions>();

    private FaqCatalog Catalog => host.Services.GetRequiredService<FaqCatalog>();

    public async Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        await DemoKnowledgeBase.LoadAsync(host.Services);
        await using var c = await db.DataSource.OpenConnectionAsync();
        tutor = await c.ExecuteScalarAsync<Guid>(
            "INSERT INTO supportbot.people (display_name, email) VALUES ('Claire Martin', @email) RETURNING id",
            new { email = $"claire.{Guid.NewGuid():N}@example.test" });
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>A host with the FAQ matcher as shipped (meanings read), once its model has loaded.</summary>
    private async Task UseShippedMatcherAsync()
    {
        await host.DisposeAsync();
        host = new BotHost(db.ConnectionString, TestServices.MeaningSettings());
        await host.WaitForMeaningsAsync();
    }

    [Fact]
    public async Task An_approved_variant_is_answered_by_the_bot_from_then_on()
    {
        const string Phrasing = "la plateforme rame le soir";
        var marc = await WebChatLearner.OpenAsync(host, Marc);
        await marc.SaysAsync(Phrasing);
        // Not answered yet: since #16 the phrasing falls in the did-you-mean band ("none of these" offers peers), no longer straight to peers.
        var before = Assert.Single(await marc.BotMessagesAsync()).GetProperty("text").GetString();
        Assert.Matches("Vous pensez à (l'une de ces questions|cette question)|transmet(s|tre) votre question", before);
        var id = await SuggestAsync("technical-support", "fr", Phrasing);

        Assert.Equal(FaqReviewOutcome.Applied, await Suggestions.ApproveAsync(id, tutor, CancellationToken.None));

        var knowledge = await Catalog.GetAsync(CancellationToken.None);
        Assert.Contains(Phrasing, knowledge.Find("technical-support")!.Questions.Fr);
        Assert.Equal("technical-support", knowledge.Matcher.Match(Phrasing).EntryId);
        await marc.SaysAsync(Phrasing);
        var answer = Assert.Single(await marc.BotMessagesAsync()).GetProperty("text").GetString();
        Assert.Contains(knowledge.Find("technical-support")!.Answer.Fr[..40], answer, StringComparison.Ordinal);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(("approved", tutor), await c.QuerySingleAsync<(string, Guid)>(
            "SELECT status, decided_by FROM supportbot.faq_variant_suggestions WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task A_did_you_mean_pick_teaches_the_bot_the_learners_phrasing_at_once_until_a_tutor_removes_it()
    {
        await UseShippedMatcherAsync();
        var marc = await WebChatLearner.OpenAsync(host, Marc);
        await marc.SaysAsync("certificat");
        var choice = Assert.Single(await marc.BotMessagesAsync());
        var buttons = choice.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()).ToList();
        Assert.Contains("Comment obtenir mon attestation de réussite ?", buttons);

        await marc.SaysAsync("Comment obtenir mon attestation de réussite ?");

        var knowledge = await Catalog.GetAsync(CancellationToken.None);
        var answer = knowledge.Find("certificate-download")!.Answer.Fr;
        Assert.Contains(answer[..40], Assert.Single(await marc.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        await using var c = await db.DataSource.OpenConnectionAsync();
        var learned = await c.QuerySingleAsync<(long Id, string EntryId, string Language, string Text, string Status)>(
            "SELECT id, entry_id, language, text, status FROM supportbot.faq_variant_suggestions WHERE text = 'certificat'");
        Assert.Equal(("certificate-download", "fr", "certificat", "learned"), (learned.EntryId, learned.Language, learned.Text, learned.Status));
        Assert.Contains("certificat", (await Catalog.GetAsync(CancellationToken.None)).Find("certificate-download")!.Questions.Fr);

        // The button's own text was not a phrasing of the learner's: only the question before it is learned.
        await marc.SaysAsync("Comment obtenir mon attestation de réussite ?");
        Assert.Single(await marc.BotMessagesAsync());
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.faq_variant_suggestions WHERE text LIKE 'Comment obtenir%'"));

        // Learned: the same words are answered at once, before any tutor has looked.
        await marc.SaysAsync("certificat");
        Assert.Contains(answer[..40], Assert.Single(await marc.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(Assert.Single(await Suggestions.ListPendingAsync(CancellationToken.None), p => p.Id == learned.Id).Learned);

        // The tutor removes it: out of the entry, the words get the buttons again, and a new pick does not learn it back.
        Assert.Equal(FaqReviewOutcome.Applied, await Suggestions.RejectAsync(learned.Id, tutor, CancellationToken.None));
        Assert.DoesNotContain("certificat", (await Catalog.GetAsync(CancellationToken.None)).Find("certificate-download")!.Questions.Fr);
        await marc.SaysAsync("certificat");
        Assert.True(Assert.Single(await marc.BotMessagesAsync()).TryGetProperty("suggestedActions", out _));
        await marc.SaysAsync("Comment obtenir mon attestation de réussite ?");
        Assert.Single(await marc.BotMessagesAsync());
        Assert.DoesNotContain("certificat", (await Catalog.GetAsync(CancellationToken.None)).Find("certificate-download")!.Questions.Fr);
    }

    [Fact]
    public async Task A_tutor_keeps_a_learned_phrasing()
    {
        // Learned as the chat's "did you mean" pick leaves it (FaqTurn records it through FaqQueryLog).
        var phrasing = "papier de fin de formation " + Guid.NewGuid().ToString("N")[..6];
        var log = host.Services.GetRequiredService<FaqQueryLog>();
        var queryId = await log.RecordAsync(new FaqQueryRecord(null, null, "fr", phrasing, MatchOutcome.Ambiguous, null, 0.4, ["certificate-download", "enrolment-certificate"]), CancellationToken.None);
        await log.RecordPickAsync(new FaqOfferedChoice(queryId, phrasing, "fr", ["certificate-download", "enrolment-certificate"]), "certificate-download", CancellationToken.None);
        var learned = Assert.Single(await Suggestions.ListPendingAsync(CancellationToken.None), p => p.Text == phrasing);
        Assert.True(learned.Learned);
        // The matcher is told which questions were learned and not kept: it reads those as memory (FaqMatcher.WithoutLearned).
        Assert.Contains(phrasing, (await Catalog.GetAsync(CancellationToken.None)).Find("certificate-download")!.LearnedList);

        Assert.Equal(FaqReviewOutcome.Applied, await Suggestions.ApproveAsync(learned.Id, tutor, CancellationToken.None));

        Assert.DoesNotContain(learned.Id, (await Suggestions.ListPendingAsync(CancellationToken.None)).Select(p => p.Id));
        var kept = (await Catalog.GetAsync(CancellationToken.None)).Find("certificate-download")!;
        Assert.Single(kept.Questions.Fr, q => q == phrasing);
        Assert.DoesNotContain(phrasing, kept.LearnedList);
        Assert.Equal(FaqReviewOutcome.AlreadyDecided, await Suggestions.RejectAsync(learned.Id, tutor, CancellationToken.None));
    }

    [Fact]
    public async Task A_pick_in_a_language_the_entry_has_no_question_in_waits_for_a_tutor()
    {
        // Learned at once, the learner's words would be the entry's first French question: its button's title for everyone.
        var id = "english-only-" + Guid.NewGuid().ToString("N")[..6];
        await host.Services.GetRequiredService<FaqStore>().UpsertManyAsync(
            [new KnowledgeEntry(id, "technical", new BilingualQuestions([], ["How do I clear my browser cache?"]), new BilingualAnswer("", "Press Ctrl+Shift+Delete."))],
            CancellationToken.None);
        var phrasing = "vider le cache du navigateur " + Guid.NewGuid().ToString("N")[..6];
        var log = host.Services.GetRequiredService<FaqQueryLog>();
        var queryId = await log.RecordAsync(new FaqQueryRecord(null, null, "fr", phrasing, MatchOutcome.Ambiguous, null, 0.4, [id]), CancellationToken.None);

        await log.RecordPickAsync(new FaqOfferedChoice(queryId, phrasing, "fr", [id]), id, CancellationToken.None);

        var suggestion = Assert.Single(await Suggestions.ListPendingAsync(CancellationToken.None), p => p.Text == phrasing);
        Assert.False(suggestion.Learned);
        Assert.Empty((await Catalog.GetAsync(CancellationToken.None)).Find(id)!.Questions.Fr);
    }

    [Fact]
    public async Task Pending_suggestions_are_listed_most_helpful_first_and_decided_once()
    {
        var once = await SuggestAsync("password-reset", "en", "pwd gone help", timesHelped: 1);
        var thrice = await SuggestAsync("account-locked", "fr", "compte bloqué encore", timesHelped: 3);

        var pending = await Suggestions.ListPendingAsync(CancellationToken.None);
        Assert.Equal([thrice, once], pending.Where(p => p.Id == once || p.Id == thrice).Select(p => p.Id));
        Assert.Equal("account", pending.Single(p => p.Id == thrice).Topic);

        Assert.Equal(FaqReviewOutcome.Applied, await Suggestions.RejectAsync(once, tutor, CancellationToken.None));
        Assert.Equal(FaqReviewOutcome.AlreadyDecided, await Suggestions.ApproveAsync(once, tutor, CancellationToken.None));
        Assert.Equal(FaqReviewOutcome.NotFound, await Suggestions.ApproveAsync(-1, tutor, CancellationToken.None));
        Assert.DoesNotContain(once, (await Suggestions.ListPendingAsync(CancellationToken.None)).Select(p => p.Id));
        var entry = (await host.Services.GetRequiredService<FaqStore>().LoadAllAsync(CancellationToken.None)).Single(e => e.Id == "password-reset");
        Assert.DoesNotContain("pwd gone help", entry.Questions.En);
    }

    [Fact]
    public async Task A_cluster_becomes_a_new_entry_the_bot_answers_and_is_marked_converted()
    {
        const string Miss = "comment avoir accès à la bibliothèque numérique ?";
        var cluster = await ClusterAsync(Miss, "accès bibliothèque numérique");
        var entry = new KnowledgeEntry("digital-library", "content",
            new BilingualQuestions([Miss, "accès à la bibliothèque numérique"], ["How do I access the digital library?"]),
            new BilingualAnswer("Menu Ressources > Bibliothèque numérique, avec vos identifiants de la plateforme.", "Resources > Digital library, with your platform credentials."));

        Assert.Equal(FaqReviewOutcome.Applied, await Suggestions.CreateEntryFromClusterAsync(cluster, entry, tutor, CancellationToken.None));

        Assert.Equal("digital-library", (await Catalog.GetAsync(CancellationToken.None)).Matcher.Match("accès bibliothèque numérique").EntryId);
        Assert.Equal("converted", await StatusOfClusterAsync(cluster));
        Assert.Equal(FaqReviewOutcome.AlreadyDecided, await Suggestions.CreateEntryFromClusterAsync(cluster, entry with { Id = "other" }, tutor, CancellationToken.None));
    }

    [Fact]
    public async Task A_cluster_is_not_converted_when_the_entry_id_is_taken_or_the_entry_is_invalid()
    {
        var cluster = await ClusterAsync("wifi campus", "wifi du campus");
        var taken = new KnowledgeEntry("password-reset", "account",
            new BilingualQuestions(["wifi du campus"], ["campus wifi"]), new BilingualAnswer("Réseau campus.", "Campus network."));
        var before = await host.Services.GetRequiredService<FaqStore>().LoadAllAsync(CancellationToken.None);

        Assert.Equal(FaqReviewOutcome.EntryIdTaken, await Suggestions.CreateEntryFromClusterAsync(cluster, taken, tutor, CancellationToken.None));
        var invalid = await Assert.ThrowsAsync<ArgumentException>(() =>
            Suggestions.CreateEntryFromClusterAsync(cluster, taken with { Id = "campus wifi", Questions = new BilingualQuestions([], ["campus wifi"]) }, tutor, CancellationToken.None));
        Assert.Contains("questions.fr is missing: the entry has an answer in French", invalid.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Suggestions.CreateEntryFromClusterAsync(cluster, taken with { Id = "campus-wifi" }, Guid.NewGuid(), CancellationToken.None));

        Assert.Equal("open", await StatusOfClusterAsync(cluster));
        var after = await host.Services.GetRequiredService<FaqStore>().LoadAllAsync(CancellationToken.None);
        Assert.Equal(before.Select(e => e.Id), after.Select(e => e.Id));
        Assert.Equal(FaqReviewOutcome.Applied, await Suggestions.DismissClusterAsync(cluster, tutor, CancellationToken.None));
        Assert.Equal("dismissed", await StatusOfClusterAsync(cluster));
    }

    [Fact]
    public async Task A_promoted_question_is_added_once_in_its_language()
    {
        const string Question = "Can I get my password by text message?";

        Assert.Equal(FaqReviewOutcome.Applied, await Suggestions.AddVariantAsync("password-reset", "en-GB", Question, CancellationToken.None));
        Assert.Equal(FaqReviewOutcome.Applied, await Suggestions.AddVariantAsync("password-reset", "en", Question.ToUpperInvariant(), CancellationToken.None));
        Assert.Equal(FaqReviewOutcome.NotFound, await Suggestions.AddVariantAsync("no-such-entry", "fr", "texte", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Suggestions.AddVariantAsync("password-reset", "de", Question, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Suggestions.AddVariantAsync("password-reset", "fr", "   ", CancellationToken.None));

        var entry = (await Catalog.GetAsync(CancellationToken.None)).Find("password-reset")!;
        Assert.Single(entry.Questions.En, q => q.Equals(Question, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(Question, entry.Questions.Fr);
    }

    private async Task<long> SuggestAsync(string entryId, string language, string text, int timesHelped = 1)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO supportbot.faq_variant_suggestions (entry_id, language, text, times_helped)
            VALUES (@entryId, @language, @text, @timesHelped) RETURNING id
            """, new { entryId, language, text, timesHelped });
    }

    private async Task<long> ClusterAsync(params string[] queries)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO supportbot.faq_miss_clusters (computed_for, label, language, queries, size)
            VALUES (current_date, @label, 'fr', @queries, @size) RETURNING id
            """, new { label = queries[0], queries, size = queries.Length });
    }

    private async Task<string> StatusOfClusterAsync(long id)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<string>("SELECT status FROM supportbot.faq_miss_clusters WHERE id = @id", new { id }) ?? "";
    }
}
