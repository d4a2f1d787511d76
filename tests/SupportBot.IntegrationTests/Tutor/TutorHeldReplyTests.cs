using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Jobs.Routing;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.People;
using SupportBot.Shared.Routing;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>
/// Replies from strangers, held by the inbox for a tutor: relayed to the learner's web chat like a
/// peer's answer, or discarded, within the tutor's modules. The relay job is run directly.
/// </summary>
public sealed class TutorHeldReplyTests(TutorSite site) : IClassFixture<TutorSite>
{
    private static readonly LearnerIdentity Lea = new("learner-lea", "Léa Dubois", "lea.dubois@example.test", null, "fr", "Europe/Paris");

    [Fact]
    public async Task A_relayed_held_reply_reaches_the_learner_in_the_chat()
    {
        var chat = await WebChatLearner.OpenAsync(site.Host, Lea);
        await chat.SaysAsync("bonjour");
        await chat.BotMessagesAsync();
        var question = await AskAsync("m2-data", "Mon tableur n'affiche pas les accents");
        var held = await HoldAsync(question, "Passez le fichier en UTF-8 à l'import.");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var page = await samuel.GetStringAsync(new Uri("/tutor/questions/held", UriKind.Relative));
        Assert.Contains("Mon tableur n'affiche pas les accents", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("Passez le fichier en UTF-8", System.Net.WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        var relayed = await TutorSite.PostFormAsync(samuel, "/tutor/questions/held", new() { ["id"] = held.ToString() }, "/tutor/questions/held?handler=Relay");

        Assert.Equal(HttpStatusCode.Redirect, relayed.StatusCode);
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        var answer = await c.QuerySingleAsync<Guid>("SELECT id FROM supportbot.answers WHERE question_id = @question", new { question });
        await site.Host.Services.GetRequiredService<RelayAnswerJob>().RunAsync(answer, CancellationToken.None);
        var messages = await chat.BotMessagesAsync();
        Assert.Contains(messages, m => m.GetProperty("text").GetString()!.Contains("Passez le fichier en UTF-8 à l'import.", StringComparison.Ordinal));
        Assert.Equal(("answered", "accepted"), await c.QuerySingleAsync<(string, string)>("""
            SELECT q.status, h.decision FROM supportbot.held_replies h JOIN supportbot.questions q ON q.id = h.question_id WHERE h.id = @held
            """, new { held }));
        Assert.DoesNotContain("Passez le fichier en UTF-8", await samuel.GetStringAsync(new Uri("/tutor/questions/held", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_held_for_DMARC_says_why_and_relays_only_what_the_sender_wrote()
    {
        var chat = await WebChatLearner.OpenAsync(site.Host, Lea);
        await chat.SaysAsync("bonjour");
        await chat.BotMessagesAsync();
        var question = await AskAsync("m2-data", "Comment figer la première ligne ?");
        var mail = new MimeKit.MimeMessage { Subject = "Re: Comment figer la première ligne ?", MessageId = $"{Guid.NewGuid():N}@mail.example.org" };
        mail.From.Add(new MimeKit.MailboxAddress("Tom", "tom.dmarc@example.org"));
        mail.Body = new MimeKit.TextPart("plain") { Text = "Affichage > Figer les volets > Figer la ligne supérieure." };
        var read = new IncomingMailReader().Read(mail);
        var match = new RecipientMatch(0, question, Guid.Empty, "peer", "tom.dmarc@example.org", "", DateTime.UtcNow);

        await site.Host.Services.GetRequiredService<ReplyIntake>().AcceptAsync(read, DmarcVerdict.Fail, match, mail.MessageId, CancellationToken.None);

        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var page = System.Net.WebUtility.HtmlDecode(await samuel.GetStringAsync(new Uri("/tutor/questions/held", UriKind.Relative)));
        Assert.Contains("failed DMARC at our mail server", page, StringComparison.Ordinal);
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        var held = await c.ExecuteScalarAsync<Guid>("SELECT id FROM supportbot.held_replies WHERE message_id = @id", new { id = mail.MessageId });
        var relayed = await TutorSite.PostFormAsync(samuel, "/tutor/questions/held", new() { ["id"] = held.ToString() }, "/tutor/questions/held?handler=Relay");
        Assert.Equal(HttpStatusCode.Redirect, relayed.StatusCode);
        var answer = await c.QuerySingleAsync<(Guid Id, string Text)>("SELECT id AS Id, text AS Text FROM supportbot.answers WHERE question_id = @question", new { question });
        Assert.Equal("Affichage > Figer les volets > Figer la ligne supérieure.", answer.Text.Trim());
        await site.Host.Services.GetRequiredService<RelayAnswerJob>().RunAsync(answer.Id, CancellationToken.None);
        var relayedText = (await chat.BotMessagesAsync()).Select(m => m.GetProperty("text").GetString()!).Single(t => t.Contains("Figer les volets", StringComparison.Ordinal));
        Assert.DoesNotContain("DMARC", relayedText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_reply_is_held_with_its_reason_and_cannot_be_relayed()
    {
        var question = await AskAsync("m2-data", "Mon graphique est vide");
        var messageId = $"{Guid.NewGuid():N}@mail.example.org";
        Assert.True(await site.Host.Services.GetRequiredService<AnswerStore>().HoldAsync(question, "tom@example.org", "", HeldReasons.Unreadable, "HTML over 1,000,000 characters", messageId, CancellationToken.None));
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        var held = await c.ExecuteScalarAsync<Guid>("SELECT id FROM supportbot.held_replies WHERE message_id = @messageId", new { messageId });
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var page = System.Net.WebUtility.HtmlDecode(await samuel.GetStringAsync(new Uri("/tutor/questions/held", UriKind.Relative)));
        var relayed = await TutorSite.PostFormAsync(samuel, "/tutor/questions/held", new() { ["id"] = held.ToString() }, "/tutor/questions/held?handler=Relay");

        Assert.Contains("not read automatically (HTML over 1,000,000 characters)", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, relayed.StatusCode);
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.answers WHERE question_id = @question", new { question }));
    }

    [Fact]
    public async Task A_discarded_held_reply_goes_nowhere()
    {
        var question = await AskAsync("m2-data", "Comment trier une colonne ?");
        var held = await HoldAsync(question, "Achetez mon cours en ligne !");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var discarded = await TutorSite.PostFormAsync(samuel, "/tutor/questions/held", new() { ["id"] = held.ToString() }, "/tutor/questions/held?handler=Discard");

        Assert.Equal(HttpStatusCode.Redirect, discarded.StatusCode);
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.answers WHERE question_id = @question", new { question }));
        Assert.Equal(("routed", "rejected"), await c.QuerySingleAsync<(string, string)>("""
            SELECT q.status, h.decision FROM supportbot.held_replies h JOIN supportbot.questions q ON q.id = h.question_id WHERE h.id = @held
            """, new { held }));
    }

    [Fact]
    public async Task A_tutor_of_module_B_neither_sees_nor_decides_a_held_reply_of_module_A()
    {
        var question = await AskAsync("m1-platform", "Question du module 1");
        var held = await HoldAsync(question, "Réponse retenue du module 1");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        Assert.DoesNotContain("Réponse retenue du module 1", System.Net.WebUtility.HtmlDecode(await samuel.GetStringAsync(new Uri("/tutor/questions/held", UriKind.Relative))), StringComparison.Ordinal);
        foreach (var handler in new[] { "Relay", "Discard" })
        {
            var response = await TutorSite.PostFormAsync(samuel, "/tutor/questions/held", new() { ["id"] = held.ToString() }, $"/tutor/questions/held?handler={handler}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        Assert.Null(await c.ExecuteScalarAsync<string?>("SELECT decision FROM supportbot.held_replies WHERE id = @held", new { held }));
        var claire = await site.SignedInAsync(TutorSite.Claire);
        Assert.Contains("Réponse retenue du module 1", System.Net.WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri("/tutor/questions/held", UriKind.Relative))), StringComparison.Ordinal);
    }

    private async Task<Guid> AskAsync(string module, string text)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("""
            INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status)
            SELECT id, @module, 'technical', 'fr', @text, 'routed' FROM supportbot.people WHERE external_id = 'learner-lea'
            RETURNING id
            """, new { module, text });
    }

    /// <summary>What the inbox does with a reply from an address the question did not go to.</summary>
    private async Task<Guid> HoldAsync(Guid question, string text)
    {
        var messageId = $"{Guid.NewGuid():N}@mail.example.org";
        Assert.True(await site.Host.Services.GetRequiredService<AnswerStore>().HoldAsync(question, "inconnu@example.org", text, HeldReasons.NotRecipient, null, messageId, CancellationToken.None));
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("SELECT id FROM supportbot.held_replies WHERE message_id = @messageId", new { messageId });
    }
}
