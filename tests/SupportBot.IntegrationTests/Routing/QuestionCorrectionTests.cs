using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Jobs.Routing;

namespace SupportBot.IntegrationTests.Routing;

/// <summary>
/// Issue #14 item 2: a tutor corrects a question's module and topic on its page; the correction is
/// kept with what the bot had found, and the escalation that follows goes to the corrected module's tutors.
/// </summary>
public sealed class QuestionCorrectionTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private ModuleWorld world = null!;

    public async Task InitializeAsync() => world = await ModuleWorld.StartAsync(db.ConnectionString);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_corrected_module_is_kept_for_learning_and_the_escalation_goes_to_its_tutors()
    {
        var question = await HugoAsksFromModule1sPageAsync();
        Assert.Equal(("m1-platform", "link"), await world.ModuleOfLatestAsync("learner-hugo"));

        var claire = await world.TutorBrowserAsync("tutor-claire");
        var page = $"/tutor/questions/{question}";
        var form = await ModuleWorld.PageAsync(claire, page);
        Assert.Contains("<option value=\"m1-platform\" selected=\"selected\">Module 1 – Prendre en main la plateforme</option>", form, StringComparison.Ordinal);
        var posted = await Tutor.TutorSite.PostFormAsync(claire, page, new() { ["moduleId"] = "m2-data", ["topic"] = "content" }, page + "?handler=Correct");

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("Module et thème corrigés", WebUtility.HtmlDecode(await claire.GetStringAsync(posted.Headers.Location)), StringComparison.Ordinal);
        Assert.Equal(("m2-data", "tutor"), await world.ModuleOfLatestAsync("learner-hugo"));
        await using (var c = await world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        {
            var kept = (await c.QueryAsync<(string Field, string? Old, string? New, string? OldSource, string? By)>("""
                SELECT k.field, k.old_value, k.new_value, k.old_source, p.external_id
                FROM supportbot.question_corrections k LEFT JOIN supportbot.people p ON p.id = k.corrected_by
                WHERE k.question_id = @question ORDER BY k.field
                """, new { question })).ToList();
            Assert.Equal(("module", "m1-platform", "m2-data", "link", "tutor-claire"), kept[0]);
            Assert.Equal("topic", kept[1].Field);
            Assert.Equal("content", kept[1].New);
            Assert.Equal("tutor", await c.ExecuteScalarAsync<string>("SELECT topic_source FROM supportbot.questions WHERE id = @question", new { question }));
        }

        // Nobody answered in time: the escalation goes to Module 2's tutors (Samuel tutors Module 2 only).
        await world.Host.Services.GetRequiredService<EscalateQuestionJob>().RunAsync(question, 0, EscalationStep.Tutor, CancellationToken.None);

        Assert.Contains("tutor-samuel", await world.RecipientsOfLatestAsync("learner-hugo"));
        Assert.Single(await world.MailAboutAsync("tutor-samuel", "La consigne numéro 4"));
    }

    [Fact]
    public async Task A_corrected_topic_is_learned_for_later_questions_worded_like_it()
    {
        await world.ForgetQuestionsAsync();
        const string Asked = "Le tableau croisé de l'exercice 5 affiche des totaux faux quand je filtre par région.";
        var nina = await world.OpenChatAsync("learner-nina");
        await nina.SaysAsync(Asked);
        await nina.BotMessagesAsync();
        await nina.SaysAsync("Oui, demander aux pairs");
        await nina.BotMessagesAsync();
        var first = await LatestQuestionAsync();
        var (guessed, _) = await TopicOfAsync(first);
        Assert.NotEqual("assessments", guessed);

        // Claire says on the question's page that it is about the graded exercise, not what the bot guessed.
        var claire = await world.TutorBrowserAsync("tutor-claire");
        var page = $"/tutor/questions/{first}";
        var posted = await Tutor.TutorSite.PostFormAsync(claire, page, new() { ["moduleId"] = "m2-data", ["topic"] = "assessments" }, page + "?handler=Correct");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        // Another learner asks the same thing in other words: the corrected topic is the one guessed.
        var lea = await world.OpenChatAsync("learner-lea");
        await lea.SaysAsync("Dans le module 2, l'exercice 5 : mon tableau croisé donne des totaux faux dès que je filtre une région");
        await lea.BotMessagesAsync();
        Assert.Equal(("assessments", "correction"), await TopicOfAsync(await LatestQuestionAsync()));

        // A question of the same module on another subject keeps what the knowledge base says.
        await nina.SaysAsync("Comment figer la première ligne du tableur quand je descends ?");
        await nina.BotMessagesAsync();
        Assert.NotEqual("correction", (await TopicOfAsync(await LatestQuestionAsync())).Source);
    }

    [Fact]
    public async Task A_corrected_module_is_learned_for_later_questions_of_learners_in_several_modules()
    {
        var first = await HugoAsksFromModule1sPageAsync();

        var claire = await world.TutorBrowserAsync("tutor-claire");
        var page = $"/tutor/questions/{first}";
        var posted = await Tutor.TutorSite.PostFormAsync(claire, page, new() { ["moduleId"] = "m2-data", ["topic"] = "content" }, page + "?handler=Correct");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        // Léa, in both modules, asks the same in other words from no course page, naming no module: Module 2, no buttons.
        var lea = await world.OpenChatAsync("learner-lea");
        await lea.SaysAsync("je ne comprends pas la consigne numéro 4 de la séance d'hier");
        var offer = Assert.Single(await lea.BotMessagesAsync());

        Assert.Equal(("m2-data", "correction"), await world.ModuleOfLatestAsync("learner-lea"));
        Assert.Contains("« Module 2 – Données et tableurs »", ModuleWorld.Text(offer), StringComparison.Ordinal);
        Assert.DoesNotContain("Module 1 – Prendre en main la plateforme", ModuleWorld.Buttons(offer));

        // Another subject naming no module is still asked about.
        await lea.SaysAsync("Le diaporama de la séance de mardi n'est pas en ligne, quelqu'un l'a ?");
        var ask = Assert.Single(await lea.BotMessagesAsync());
        Assert.True(ModuleWorld.Buttons(ask).Contains("Module 1 – Prendre en main la plateforme"), ModuleWorld.Text(ask));
    }

    [Fact]
    public async Task A_module_outside_the_tutors_own_is_refused_and_nothing_changes()
    {
        await world.ForgetQuestionsAsync();
        var nina = await world.OpenChatAsync("learner-nina");
        await nina.SaysAsync("Le tableau croisé de l'exercice 5 affiche des totaux faux quand je filtre par région.");
        await nina.BotMessagesAsync();
        await nina.SaysAsync("Oui, demander aux pairs");
        await nina.BotMessagesAsync();
        var question = await LatestQuestionAsync();

        // Samuel tutors Module 2 only.
        var samuel = await world.TutorBrowserAsync("tutor-samuel");
        var page = $"/tutor/questions/{question}";
        var posted = await Tutor.TutorSite.PostFormAsync(samuel, page, new() { ["moduleId"] = "m1-platform", ["topic"] = "content" }, page + "?handler=Correct");

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Choose one of your modules and a topic from the list.", WebUtility.HtmlDecode(await posted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(("m2-data", "enrolment"), await world.ModuleOfLatestAsync("learner-nina"));
        await using var c = await world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*)::int FROM supportbot.question_corrections WHERE question_id = @question", new { question }));
    }

    private async Task<(string? Topic, string? Source)> TopicOfAsync(Guid question)
    {
        await using var c = await world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        return await c.QuerySingleAsync<(string?, string?)>("SELECT topic, topic_source FROM supportbot.questions WHERE id = @question", new { question });
    }

    /// <summary>
    /// Hugo, in both modules, opens the chat from Module 1's page and sends Module 2's instruction question to
    /// peers from the chat; the new question's id.
    /// </summary>
    private async Task<Guid> HugoAsksFromModule1sPageAsync()
    {
        await world.ForgetQuestionsAsync();
        var hugo = await world.OpenChatAsync("learner-hugo", course: "m1-platform");
        await hugo.SaysAsync("La consigne numéro 4 de la séance d'hier n'est pas claire pour moi.");
        await hugo.BotMessagesAsync();
        await hugo.SaysAsync("Oui, demander aux pairs");
        await hugo.BotMessagesAsync();
        return await LatestQuestionAsync();
    }

    private async Task<Guid> LatestQuestionAsync()
    {
        await using var c = await world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("SELECT id FROM supportbot.questions ORDER BY created_at DESC LIMIT 1");
    }
}
