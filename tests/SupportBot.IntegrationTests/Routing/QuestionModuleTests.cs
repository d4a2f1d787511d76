using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.IntegrationTests.Routing;

/// <summary>
/// Issue #14 from the chat: a question gets its module (from the text, the learner's button, the
/// link), goes only to that module's volunteers or tutors, and the learner reads what really
/// happened; tutor emails say why they get it and quote the answer already given.
/// </summary>
public sealed class QuestionModuleTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private ModuleWorld world = null!;

    public async Task InitializeAsync() => world = await ModuleWorld.StartAsync(db.ConnectionString);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Hugo_names_module_2_and_only_its_volunteers_get_the_question()
    {
        var hugo = await world.OpenChatAsync("learner-hugo");
        const string question = "Dans le module 2, ma formule RECHERCHEV renvoie #N/A sur la feuille Ventes, pourquoi ?";

        await hugo.SaysAsync(question);
        var offer = ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync()));
        Assert.Contains("volontaires de « Module 2 – Données et tableurs »", offer, StringComparison.Ordinal);

        await hugo.SaysAsync("Oui, demander aux pairs");
        var done = ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync()));

        Assert.StartsWith("C'est transmis à 2 volontaires de « Module 2 – Données et tableurs ».", done, StringComparison.Ordinal);
        Assert.Equal(("m2-data", "text"), await world.ModuleOfLatestAsync("learner-hugo"));
        Assert.Equal(["alumna-ines", "learner-aicha"], await world.RecipientsOfLatestAsync("learner-hugo"));
        var toAicha = Assert.Single(await world.MailAboutAsync("learner-aicha", "RECHERCHEV renvoie #N/A"));
        Assert.Contains("Module : Module 2 – Données et tableurs", toAicha.TextBody, StringComparison.Ordinal);
        Assert.Single(await world.MailAboutAsync("alumna-ines", "RECHERCHEV renvoie #N/A"));
        Assert.Empty(await world.MailAboutAsync("learner-tom", "RECHERCHEV renvoie #N/A", expectSome: false));
        Assert.Empty(await world.MailAboutAsync("tutor-claire", "RECHERCHEV renvoie #N/A", expectSome: false));
    }

    [Fact]
    public async Task A_question_naming_no_module_gets_one_button_per_module_and_the_button_routes_it()
    {
        await world.ForgetQuestionsAsync();
        var hugo = await world.OpenChatAsync("learner-hugo");

        await hugo.SaysAsync("La consigne numéro 4 de la séance d'hier n'est pas claire pour moi.");
        var ask = Assert.Single(await hugo.BotMessagesAsync());

        Assert.Contains("De quel module s'agit-il ?", ModuleWorld.Text(ask), StringComparison.Ordinal);
        Assert.Equal(["Module 1 – Prendre en main la plateforme", "Module 2 – Données et tableurs", "Non merci"], ModuleWorld.Buttons(ask));
        Assert.Equal((null, null), await world.ModuleOfLatestAsync("learner-hugo"));
        Assert.Empty(await world.RecipientsOfLatestAsync("learner-hugo"));

        await hugo.SaysAsync("Module 1 – Prendre en main la plateforme");
        var done = ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync()));

        Assert.StartsWith("C'est transmis à 3 volontaires de « Module 1 – Prendre en main la plateforme ».", done, StringComparison.Ordinal);
        Assert.Equal(("m1-platform", "learner"), await world.ModuleOfLatestAsync("learner-hugo"));
        Assert.Equal(["alumna-ines", "learner-aicha", "learner-tom"], await world.RecipientsOfLatestAsync("learner-hugo"));
    }

    [Fact]
    public async Task The_module_page_the_link_came_from_decides_without_asking()
    {
        await world.ForgetQuestionsAsync();
        var hugo = await world.OpenChatAsync("learner-hugo", course: "m2-data");

        await hugo.SaysAsync("La consigne numéro 4 de la séance d'hier n'est pas claire pour moi.");
        Assert.Contains("« Module 2 – Données et tableurs »", ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync())), StringComparison.Ordinal);
        await hugo.SaysAsync("Oui, demander aux pairs");
        await hugo.BotMessagesAsync();

        Assert.Equal(("m2-data", "link"), await world.ModuleOfLatestAsync("learner-hugo"));
    }

    [Fact]
    public async Task A_module_the_question_names_beats_the_page_the_chat_was_opened_from()
    {
        await world.ForgetQuestionsAsync();
        // run.sh's demo link for Hugo comes from Module 1's page; his question is about Module 2.
        var hugo = await world.OpenChatAsync("learner-hugo", course: "m1-platform");

        await hugo.SaysAsync("Dans le module 2, ma formule RECHERCHEV renvoie #N/A sur la feuille Ventes, pourquoi ?");
        var offer = Assert.Single(await hugo.BotMessagesAsync());

        Assert.Contains("volontaires de « Module 2 – Données et tableurs »", ModuleWorld.Text(offer), StringComparison.Ordinal);
        Assert.Equal(["Oui, demander aux pairs", "Un autre module", "Non merci"], ModuleWorld.Buttons(offer));
        Assert.Equal(("m2-data", "text"), await world.ModuleOfLatestAsync("learner-hugo"));
    }

    [Fact]
    public async Task The_learner_corrects_the_module_offered_by_typing_it_and_only_that_modules_volunteers_get_it()
    {
        await world.ForgetQuestionsAsync();
        var hugo = await world.OpenChatAsync("learner-hugo", course: "m1-platform");
        await hugo.SaysAsync("La consigne numéro 4 de la séance d'hier n'est pas claire pour moi.");
        Assert.Contains("« Module 1 – Prendre en main la plateforme »", ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync())), StringComparison.Ordinal);

        await hugo.SaysAsync("non c'est pour le module 2");
        var done = ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync()));

        Assert.StartsWith("C'est transmis à 2 volontaires de « Module 2 – Données et tableurs ».", done, StringComparison.Ordinal);
        Assert.Equal(("m2-data", "learner"), await world.ModuleOfLatestAsync("learner-hugo"));
        Assert.Equal(["alumna-ines", "learner-aicha"], await world.RecipientsOfLatestAsync("learner-hugo"));
    }

    [Fact]
    public async Task Another_module_shows_one_button_per_module_and_a_reply_naming_only_a_word_of_another_module_is_a_new_question()
    {
        await world.ForgetQuestionsAsync();
        var hugo = await world.OpenChatAsync("learner-hugo", course: "m1-platform");
        await hugo.SaysAsync("La consigne numéro 4 de la séance d'hier n'est pas claire pour moi.");
        await hugo.BotMessagesAsync();

        await hugo.SaysAsync("Un autre module");
        var ask = Assert.Single(await hugo.BotMessagesAsync());
        Assert.Contains("De quel module s'agit-il ?", ModuleWorld.Text(ask), StringComparison.Ordinal);
        Assert.Equal(["Module 1 – Prendre en main la plateforme", "Module 2 – Données et tableurs", "Non merci"], ModuleWorld.Buttons(ask));

        await hugo.SaysAsync("Module 2 – Données et tableurs");
        Assert.StartsWith("C'est transmis à 2 volontaires de « Module 2 – Données et tableurs ».",
            ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync())), StringComparison.Ordinal);

        // A short reply holding only another module's word, while a question waits for its yes, is not a module pick.
        await hugo.SaysAsync("La consigne numéro 5 de la séance d'hier n'est pas claire non plus.");
        Assert.Contains("« Module 1 – Prendre en main la plateforme »", ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync())), StringComparison.Ordinal);
        await hugo.SaysAsync("et le tableur ?");
        Assert.DoesNotContain("C'est transmis", string.Join("\n", (await hugo.BotMessagesAsync()).Select(ModuleWorld.Text)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task At_night_the_learner_is_told_the_truth_and_the_tutors_email_says_why()
    {
        await world.ForgetQuestionsAsync();
        // 23:30 in Paris (Inès), 02:30 in Réunion (Aïcha): both asleep.
        world.Clock.AdjustTime(ModuleWorld.Today(22, 30));
        try
        {
            var nina = await world.OpenChatAsync("learner-nina");
            await nina.SaysAsync("Le tableau croisé de l'exercice 5 affiche des totaux faux quand je filtre par région.");
            Assert.Contains("« Module 2 – Données et tableurs »", ModuleWorld.Text(Assert.Single(await nina.BotMessagesAsync())), StringComparison.Ordinal);

            await nina.SaysAsync("Oui, demander aux pairs");
            var told = ModuleWorld.Text(Assert.Single(await nina.BotMessagesAsync()));

            Assert.StartsWith(
                "Aucun volontaire n'est disponible en ce moment (c'est la nuit pour eux) ; je l'ai transmise à vos tuteur·rices, Claire et Samuel.",
                told, StringComparison.Ordinal);
            Assert.Equal(["tutor-claire", "tutor-samuel"], await world.RecipientsOfLatestAsync("learner-nina"));
            var toClaire = Assert.Single(await world.MailAboutAsync("tutor-claire", "totaux faux"));
            Assert.StartsWith("Aucun volontaire disponible : une question de Nina", toClaire.Subject, StringComparison.Ordinal);
            Assert.Contains("aucun volontaire du module ne pouvait la prendre (c'est la nuit ou leurs heures calmes", toClaire.TextBody, StringComparison.Ordinal);
            // Samuel reads English.
            var toSamuel = Assert.Single(await world.MailAboutAsync("tutor-samuel", "totaux faux"));
            Assert.Contains("no volunteer of the module could take it (it is night", toSamuel.TextBody, StringComparison.Ordinal);
            Assert.Empty(await world.MailAboutAsync("learner-aicha", "totaux faux", expectSome: false));
        }
        finally
        {
            world.Clock.AdjustTime(ModuleWorld.Today(10, 0));
        }
    }

    [Fact]
    public async Task Still_stuck_goes_to_the_tutors_with_the_answer_already_given()
    {
        await world.ForgetQuestionsAsync();
        var hugo = await world.OpenChatAsync("learner-hugo");
        await hugo.SaysAsync("Dans le module 2, la fonction SOMME.SI ignore les cellules fusionnées de la colonne B.");
        await hugo.BotMessagesAsync();
        await hugo.SaysAsync("Oui, demander aux pairs");
        await hugo.BotMessagesAsync();
        var asked = Assert.Single(await world.MailAboutAsync("learner-aicha", "SOMME.SI ignore"));

        await world.Host.Services.GetRequiredService<IInboundMailHandler>().HandleAsync(
            ModuleWorld.Reply(asked, world.Person("learner-aicha").Name, world.Email("learner-aicha"), "Défusionne les cellules et recopie la valeur dans chaque ligne."),
            CancellationToken.None);
        var relayed = await hugo.BotMessagesAsync(timeoutMs: 10_000);
        Assert.Contains(relayed, m => ModuleWorld.Text(m).Contains("Défusionne les cellules", StringComparison.Ordinal));

        await hugo.SaysAsync("Toujours bloqué");
        var told = ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync()));

        Assert.StartsWith(
            "Compris : aucun autre volontaire n'est disponible, je l'ai transmise à vos tuteur·rices, Claire et Samuel, avec la réponse déjà reçue.",
            told, StringComparison.Ordinal);
        var toClaire = Assert.Single(await world.MailAboutAsync("tutor-claire", "SOMME.SI ignore"));
        Assert.StartsWith("Toujours bloqué·e : une question de Hugo", toClaire.Subject, StringComparison.Ordinal);
        Assert.Contains("Hugo est toujours bloqué·e après la réponse ci-dessous", toClaire.TextBody, StringComparison.Ordinal);
        Assert.Contains("Aïcha (pair volontaire", toClaire.TextBody, StringComparison.Ordinal);
        Assert.Contains("Défusionne les cellules et recopie la valeur dans chaque ligne.", toClaire.TextBody, StringComparison.Ordinal);
    }
}
