using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;
using SupportBot.Shared.StudyGroups;

namespace SupportBot.IntegrationTests.StudyGroups;

/// <summary>Signing up for a study group in the web chat: consent first, times repeated back, nothing stored before yes.</summary>
public sealed class StudyGroupSignUpTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private static readonly LearnerIdentity Nina = new("learner-nina-sg", "Nina Wamytan", "nina.sg@example.test", "sg-compta", "fr", "Pacific/Noumea");
    private static readonly LearnerIdentity Tom = new("learner-tom-sg", "Tom Baker", "tom.sg@example.test", "sg-algo", "en", "America/Martinique");
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("sg-course", "Licence", CancellationToken.None);
        await people.UpsertModuleAsync("sg-compta", "sg-course", "Comptabilité", null, CancellationToken.None);
        await people.UpsertModuleAsync("sg-algo", "sg-course", "Algorithmique", null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Learner_signs_up_in_French_after_an_unclear_answer_then_changes_her_times_and_withdraws()
    {
        var nina = await WebChatLearner.OpenAsync(host, Nina);
        var ninaId = await PersonIdAsync(Nina.LearnerId);
        await host.Services.GetRequiredService<PeopleStore>().EnrolAsync(ninaId, "sg-algo", null, CancellationToken.None);

        await nina.SaysAsync("je cherche un groupe de travail");
        var intro = await nina.BotMessagesAsync(atLeast: 2);
        Assert.Contains("Personne ne voit votre nom, votre e-mail ni vos horaires avant que tous les membres", Text(intro[0]), StringComparison.Ordinal);
        Assert.Equal("Pour quel module ?", Text(intro[1]));
        Assert.Equal(["Algorithmique", "Comptabilité"], Buttons(intro[1]));

        Assert.Contains("combien de personnes", await AnswerAsync(nina, "Comptabilité", ["3", "4", "5", "6"]), StringComparison.Ordinal);
        Assert.Equal("En quelle langue ?", await AnswerAsync(nina, "4", ["Français", "English"]));
        Assert.Contains("Quand travaillez-vous d'habitude ?", await AnswerAsync(nina, "Français"), StringComparison.Ordinal);

        Assert.Contains("Vos horaires changent", await AnswerAsync(nina, "ça dépend"), StringComparison.Ordinal);
        Assert.Contains("À quelle heure, jeudi ?", await AnswerAsync(nina, "le dimanche après-midi et le jeudi"), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("study_availability", ninaId));

        var repeated = await AnswerAsync(nina, "le dimanche après-midi et le jeudi soir après 18h", ["Oui, c'est ça", "Changer"]);
        Assert.Contains("Je note (heure de Noumea)", repeated, StringComparison.Ordinal);
        Assert.Contains("**jeudi 18:00–22:00 ; dimanche 14:00–18:00**", repeated, StringComparison.Ordinal);
        Assert.Contains("Comptabilité · 4 personnes · Français", repeated, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("study_availability", ninaId));
        Assert.Equal(0, await CountAsync("study_group_optins", ninaId));

        Assert.Contains("au moins une heure par semaine", await AnswerAsync(nina, "Oui, c'est ça"), StringComparison.Ordinal);
        Assert.Equal(
            [new WeeklySlot(DayOfWeek.Sunday, 840, 1080), new WeeklySlot(DayOfWeek.Thursday, 1080, 1320)],
            await SlotsAsync(ninaId));
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            Assert.Equal("le dimanche après-midi et le jeudi soir après 18h", await c.ExecuteScalarAsync<string>(
                "SELECT source_text FROM supportbot.study_availability WHERE person_id = @ninaId", new { ninaId }));
            var optIn = await c.QuerySingleAsync<(string Module, int Size, string Language, bool Withdrawn)>(
                "SELECT module_id, group_size, language, withdrawn_at IS NOT NULL FROM supportbot.study_group_optins WHERE person_id = @ninaId", new { ninaId });
            Assert.Equal(("sg-compta", 4, "fr", false), optIn);
            Assert.Equal(0, await CountAsync("study_group_signup_drafts", ninaId));
        }

        var shown = await AnswerAsync(nina, "mes disponibilités", ["Changer", "C'est bon"]);
        Assert.Contains("**jeudi 18:00–22:00 ; dimanche 14:00–18:00**", shown, StringComparison.Ordinal);
        Assert.Contains("Groupe d'étude demandé : Comptabilité.", shown, StringComparison.Ordinal);
        Assert.Contains("Quand travaillez-vous", await AnswerAsync(nina, "Changer"), StringComparison.Ordinal);
        Assert.Contains("**samedi 09:00–12:00**", await AnswerAsync(nina, "samedi 9h-12h"), StringComparison.Ordinal);
        Assert.Contains("C'est à jour : samedi 09:00–12:00", await AnswerAsync(nina, "Oui, c'est ça"), StringComparison.Ordinal);
        Assert.Equal([new WeeklySlot(DayOfWeek.Saturday, 540, 720)], await SlotsAsync(ninaId));
        Assert.Equal(1, await CountAsync("study_group_optins", ninaId));

        var export = await host.Services.GetRequiredService<LearnerPrivacy>().ExportAsync(Nina.LearnerId, CancellationToken.None);
        Assert.Equal("samedi 9h-12h", export!["studyAvailability"]![0]!["source_text"]!.GetValue<string>());
        Assert.Equal("sg-compta", export["studyGroupOptIns"]![0]!["module_id"]!.GetValue<string>());

        Assert.Contains("je ne vous proposerai plus de groupe d'étude", await AnswerAsync(nina, "quitter les groupes d'étude"), StringComparison.Ordinal);
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            Assert.True(await c.ExecuteScalarAsync<bool>(
                "SELECT withdrawn_at IS NOT NULL FROM supportbot.study_group_optins WHERE person_id = @ninaId AND module_id = 'sg-compta'", new { ninaId }));
        }

        Assert.True(await host.Services.GetRequiredService<LearnerPrivacy>().EraseAsync(Nina.LearnerId, CancellationToken.None));
        Assert.Equal(0, await CountAsync("study_availability", ninaId));
        Assert.Equal(0, await CountAsync("study_group_optins", ninaId));
    }

    [Fact]
    public async Task English_learner_with_one_module_is_not_asked_which_and_can_cancel_halfway()
    {
        var tom = await WebChatLearner.OpenAsync(host, Tom);
        var tomId = await PersonIdAsync(Tom.LearnerId);

        await tom.SaysAsync("study group", "en-US");
        var intro = await tom.BotMessagesAsync(atLeast: 2);
        Assert.Contains("Nobody sees your name, email or times before every member", Text(intro[0]), StringComparison.Ordinal);
        Assert.Equal("Algorithmique: how many people in the group, you included?", Text(intro[1]));

        Assert.Contains("3 to 6 people", await AnswerAsync(tom, "8", locale: "en-US"), StringComparison.Ordinal);
        await AnswerAsync(tom, "3", locale: "en-US");
        await AnswerAsync(tom, "English", locale: "en-US");
        Assert.Contains("Do you mean 09:00–17:00?", await AnswerAsync(tom, "Monday 9-5", locale: "en-US"), StringComparison.Ordinal);
        var repeated = await AnswerAsync(tom, "weekday evenings", ["Yes, that's right", "Change"], locale: "en-US");
        Assert.Contains("I've got (Martinique time)", repeated, StringComparison.Ordinal);
        Assert.Contains("**Monday to Friday 18:00–22:00**", repeated, StringComparison.Ordinal);
        Assert.Contains("Algorithmique · 3 people · English", repeated, StringComparison.Ordinal);

        Assert.Contains("Nothing was saved", await AnswerAsync(tom, "cancel", locale: "en-US"), StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("study_availability", tomId));
        Assert.Equal(0, await CountAsync("study_group_optins", tomId));
        Assert.Equal(0, await CountAsync("study_group_signup_drafts", tomId));
        Assert.Contains("nothing to stop", await AnswerAsync(tom, "stop study groups", locale: "en-US"), StringComparison.Ordinal);
    }

    private static async Task<string> AnswerAsync(WebChatLearner learner, string text, string[]? buttons = null, string locale = "fr-FR")
    {
        await learner.SaysAsync(text, locale);
        var reply = Assert.Single(await learner.BotMessagesAsync());
        if (buttons is not null)
        {
            Assert.Equal(buttons, Buttons(reply));
        }

        return Text(reply);
    }

    private static string Text(JsonElement activity) => activity.GetProperty("text").GetString()!;

    private static string[] Buttons(JsonElement activity) =>
        [.. activity.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()!)];

    private async Task<Guid> PersonIdAsync(string externalId)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("SELECT id FROM supportbot.people WHERE external_id = @externalId", new { externalId });
    }

    private async Task<int> CountAsync(string table, Guid personId)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>($"SELECT count(*) FROM supportbot.{table} WHERE person_id = @personId", new { personId });
    }

    private async Task<WeeklySlot[]> SlotsAsync(Guid personId)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        var json = await c.ExecuteScalarAsync<string>("SELECT slots::text FROM supportbot.study_availability WHERE person_id = @personId", new { personId });
        using var doc = JsonDocument.Parse(json!);
        return [.. doc.RootElement.EnumerateArray().Select(s => new WeeklySlot(
            (DayOfWeek)s.GetProperty("day").GetInt32(), s.GetProperty("fromMinute").GetInt32(), s.GetProperty("toMinute").GetInt32()))];
    }
}
