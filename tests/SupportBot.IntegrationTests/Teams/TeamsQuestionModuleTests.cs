using SupportBot.IntegrationTests.Fixtures;
using SupportBot.IntegrationTests.Routing;

namespace SupportBot.IntegrationTests.Teams;

/// <summary>
/// The same routing by module through the Teams path: signed activities to /api/messages, the
/// learner recognised by the email the (fake) Connector gives, replies read from the Connector.
/// </summary>
public sealed class TeamsQuestionModuleTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private const string DataTeam = "19:module2-data@thread.tacv2";
    private TeamsChannel teams = null!;
    private ModuleWorld world = null!;

    public async Task InitializeAsync()
    {
        teams = await TeamsChannel.StartAsync();
        var settings = teams.HostSettings();
        settings["Routing:TeamsModules:0:Id"] = DataTeam;
        settings["Routing:TeamsModules:0:Module"] = "m2-data";
        world = await ModuleWorld.StartAsync(db.ConnectionString, settings, listening: true);
    }

    public async Task DisposeAsync()
    {
        await world.DisposeAsync();
        await teams.DisposeAsync();
    }

    [Fact]
    public async Task In_the_personal_chat_Hugo_names_module_2_and_only_its_volunteers_get_it()
    {
        await world.ForgetQuestionsAsync();
        using var hugo = teams.Learner(world.Host.Address!, "29:hugo-" + world.Run, "Hugo Bernard", world.Email("learner-hugo"));

        await hugo.SaysAsync("Question sur le M2 : ma RECHERCHEV renvoie #N/A dans l'onglet Clients");
        Assert.Contains("« Module 2 – Données et tableurs »", Assert.Single(await hugo.BotMessagesAsync()).Text, StringComparison.Ordinal);
        await hugo.SaysAsync("Oui, demander aux pairs");

        Assert.StartsWith("C'est transmis à 2 volontaires de « Module 2 – Données et tableurs ».",
            Assert.Single(await hugo.BotMessagesAsync()).Text, StringComparison.Ordinal);
        Assert.Equal(("m2-data", "text"), await world.ModuleOfLatestAsync("learner-hugo"));
        Assert.Equal(["alumna-ines", "learner-aicha"], await world.RecipientsOfLatestAsync("learner-hugo"));
        Assert.Single(await world.MailAboutAsync("learner-aicha", "onglet Clients"));
        Assert.Empty(await world.MailAboutAsync("learner-tom", "onglet Clients", expectSome: false));
    }

    [Fact]
    public async Task In_the_module_2_team_the_team_decides_and_without_it_the_learner_gets_the_module_buttons()
    {
        await world.ForgetQuestionsAsync();
        using var hugo = teams.Learner(world.Host.Address!, "29:hugo2-" + world.Run, "Hugo Bernard", world.Email("learner-hugo"));

        await hugo.SaysAsync("Je n'arrive pas à ouvrir le fichier du cours, il reste blanc.", teamId: DataTeam);
        Assert.Contains("« Module 2 – Données et tableurs »", Assert.Single(await hugo.BotMessagesAsync()).Text, StringComparison.Ordinal);
        await hugo.SaysAsync("Oui, demander aux pairs", teamId: DataTeam);
        await hugo.BotMessagesAsync();
        Assert.Equal(("m2-data", "teams"), await world.ModuleOfLatestAsync("learner-hugo"));

        await hugo.SaysAsync("Je n'arrive pas à ouvrir le fichier du cours, il reste blanc.");
        var ask = Assert.Single(await hugo.BotMessagesAsync());
        Assert.Equal(["Module 1 – Prendre en main la plateforme", "Module 2 – Données et tableurs", "Non merci"], ask.Buttons);
    }
}
