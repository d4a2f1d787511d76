using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace SupportBot.IntegrationTests.Routing;

/// <summary>
/// Issue #14 item 6 from the chat: "I want to help" from someone who already volunteers shows their
/// topics and limits instead of signing them up again, topics change only to what they write, and a
/// learner's "stop", a pause and quiet hours are visible to tutors on the Volunteers and learners pages.
/// </summary>
public sealed class VolunteerStateTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private ModuleWorld world = null!;

    public async Task InitializeAsync() => world = await ModuleWorld.StartAsync(db.ConnectionString);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_volunteer_saying_I_want_to_help_sees_their_topics_and_is_not_signed_up_again()
    {
        var aicha = await world.OpenChatAsync("learner-aicha");

        await aicha.SaysAsync("je veux aider");
        var shown = Assert.Single(await aicha.BotMessagesAsync());

        Assert.Equal(
            "Vous êtes déjà pair volontaire, merci ! Vos thèmes : Compte et connexion, Technique, Contenu du cours. Au plus 4 questions par semaine, jamais entre 21:00 et 08:00 chez vous. Voulez-vous changer vos thèmes ?",
            Text(shown));
        Assert.Equal(["Changer mes thèmes", "Plus tard"], Buttons(shown));

        // The sign-up button of an older message does not widen her topics to the knowledge base's.
        await aicha.SaysAsync("Oui, je veux aider");
        Assert.StartsWith("Vous êtes déjà pair volontaire, rien ne change.", Text(Assert.Single(await aicha.BotMessagesAsync())), StringComparison.Ordinal);
        Assert.Equal(["account", "technical", "content"], await TopicsAsync("learner-aicha"));
    }

    [Fact]
    public async Task A_volunteer_changes_topics_to_exactly_those_named_and_an_unknown_one_changes_nothing()
    {
        var aicha = await world.OpenChatAsync("learner-aicha");
        await aicha.SaysAsync("Changer mes thèmes");
        Assert.StartsWith("Écrivez « mes thèmes : » suivi des thèmes que vous voulez", Text(Assert.Single(await aicha.BotMessagesAsync())), StringComparison.Ordinal);

        await aicha.SaysAsync("mes thèmes : Technique, cuisine");
        Assert.StartsWith("Je ne connais pas le thème « cuisine » ; vos thèmes ne changent pas.", Text(Assert.Single(await aicha.BotMessagesAsync())), StringComparison.Ordinal);
        Assert.Equal(["account", "technical", "content"], await TopicsAsync("learner-aicha"));

        await aicha.SaysAsync("mes thèmes : Technique, contenu du cours");
        Assert.Equal("C'est noté, vos thèmes sont maintenant : Technique, Contenu du cours.", Text(Assert.Single(await aicha.BotMessagesAsync())));
        Assert.Equal(["technical", "content"], await TopicsAsync("learner-aicha"));
    }

    [Fact]
    public async Task A_new_volunteer_is_told_their_topics_and_a_returning_one_keeps_theirs()
    {
        var hugo = await world.OpenChatAsync("learner-hugo");
        await hugo.SaysAsync("je veux aider");
        await hugo.BotMessagesAsync();
        await hugo.SaysAsync("Oui, je veux aider");
        Assert.StartsWith("Bienvenue parmi les pairs volontaires ! Vous recevrez au plus 3 questions par semaine, jamais entre 21:00 et 08:00 chez vous, sur ces thèmes : ",
            Text(Assert.Single(await hugo.BotMessagesAsync())), StringComparison.Ordinal);
        await hugo.SaysAsync("mes thèmes : Examens");
        await hugo.BotMessagesAsync();

        await hugo.SaysAsync("ne plus aider");
        await hugo.BotMessagesAsync();
        await hugo.SaysAsync("je veux aider");
        Assert.StartsWith("Merci ! Être pair volontaire", Text(Assert.Single(await hugo.BotMessagesAsync())), StringComparison.Ordinal);
        await hugo.SaysAsync("Oui, je veux aider");

        Assert.Contains("sur ces thèmes : Examens.", Text(Assert.Single(await hugo.BotMessagesAsync())), StringComparison.Ordinal);
        Assert.Equal(["exams"], await TopicsAsync("learner-hugo"));
    }

    [Fact]
    public async Task Stop_pause_and_quiet_hours_show_on_the_volunteers_and_learners_pages()
    {
        var tom = await world.OpenChatAsync("learner-tom");
        await tom.SaysAsync("stop");
        await tom.BotMessagesAsync();
        var claire = await world.TutorBrowserAsync("tutor-claire");
        var tomId = await PersonIdAsync("learner-tom");
        var until = DateOnly.FromDateTime(world.Clock.GetUtcNow().UtcDateTime).AddDays(10);
        var paused = await Tutor.TutorSite.PostFormAsync(claire, "/tutor/volunteers",
            new() { ["personId"] = tomId.ToString(), ["until"] = until.ToString("yyyy-MM-dd") }, "/tutor/volunteers?handler=Pause");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, paused.StatusCode);

        var volunteers = await ModuleWorld.PageAsync(claire, "/tutor/volunteers");

        Assert.Matches("<td>Tom Wilson</td>(?:(?!</tr>).)*<td>22:00–07:30</td>(?:(?!</tr>).)*a écrit « stop » le [^<]* : ne reçoit plus de questions(?:(?!</tr>).)*en pause jusqu'au", Flat(volunteers));
        Assert.Matches("<td>Aïcha Payet</td>(?:(?!</tr>).)*<td>21:00–08:00</td>", Flat(volunteers));
        Assert.DoesNotMatch("<td>Aïcha Payet</td>(?:(?!</tr>).)*a écrit « stop »", Flat(volunteers));

        var learners = await ModuleWorld.PageAsync(claire, "/tutor/learners");

        Assert.Matches("Tom Wilson<br>(?:(?!</tr>).)*a écrit « stop » le [^<]* : aucun e-mail(?:(?!</tr>).)*pair volontaire, heures calmes 22:00–07:30(?:(?!</tr>).)*en pause jusqu'au", Flat(learners));
        Assert.Matches("Aïcha Payet<br>(?:(?!</tr>).)*pair volontaire, heures calmes 21:00–08:00", Flat(learners));
        Assert.DoesNotMatch("Marc Jean-Baptiste<br>(?:(?!</tr>).)*(a écrit « stop »|pair volontaire)", Flat(learners));
    }

    private static string Flat(string html) => System.Text.RegularExpressions.Regex.Replace(html, @"\s+", " ").Replace("> <", "><", StringComparison.Ordinal);

    private async Task<string[]> TopicsAsync(string id)
    {
        await using var c = await world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        var topics = await c.ExecuteScalarAsync<string>("""
            SELECT array_to_string(v.topics, ',') FROM supportbot.volunteers v JOIN supportbot.people p ON p.id = v.person_id WHERE p.external_id = @id
            """, new { id });
        return topics?.Split(',') ?? [];
    }

    private async Task<Guid> PersonIdAsync(string id)
    {
        await using var c = await world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("SELECT id FROM supportbot.people WHERE external_id = @id", new { id });
    }

    private static string Text(JsonElement activity) => activity.GetProperty("text").GetString() ?? "";

    private static List<string> Buttons(JsonElement activity) =>
        [.. activity.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()!)];
}
