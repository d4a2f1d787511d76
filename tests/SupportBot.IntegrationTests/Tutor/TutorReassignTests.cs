using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Routing;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>The tutor site with a Hangfire server running, so the send jobs a page enqueues really email.</summary>
public sealed class TutorJobsSite : TutorSite
{
    protected override IDictionary<string, string?>? Overrides => new Dictionary<string, string?>
    {
        ["Jobs:RunServer"] = "true",
        ["Jobs:QueuePollInterval"] = "00:00:00.200",
    };
}

/// <summary>
/// From a question's page a tutor hands it to a chosen person of its module, who gets the routing
/// email with their own reply token, once whatever the number of submits; only within the tutor's
/// modules, and only with the form's antiforgery token. (Claire: admin, both modules; Samuel: m2-data.)
/// </summary>
public sealed class TutorReassignTests(TutorJobsSite site) : IClassFixture<TutorJobsSite>
{
    [Fact]
    public async Task Reassigning_emails_the_question_to_the_chosen_volunteer_once_and_lists_them_as_asked()
    {
        var (volunteer, email) = await VolunteerAsync("m1-platform");
        var question = await AskAsync("m1-platform", "Où trouver le sujet du devoir 3 ? " + Suffix());
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var page = $"/tutor/questions/{question}";
        Assert.Contains($"value=\"{volunteer}\"", await claire.GetStringAsync(new Uri(page, UriKind.Relative)), StringComparison.Ordinal);

        var first = await TutorSite.PostFormAsync(claire, page, new() { ["personId"] = volunteer.ToString() }, page + "?handler=Reassign");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var shown = WebUtility.HtmlDecode(await claire.GetStringAsync(first.Headers.Location));
        Assert.Contains("La question part par e-mail à Bénévole " + email[..8], shown, StringComparison.Ordinal);
        Assert.Matches("<li>Bénévole " + email[..8] + @" \(pair\) · [^<]* · sans réponse</li>", shown);
        var mail = Assert.Single(await Smtp4devMailbox.ToAsync(email, timeoutMs: 30_000));
        Assert.Contains("Où trouver le sujet du devoir 3", mail.TextBody, StringComparison.Ordinal);
        var token = await ScalarAsync<string>("SELECT reply_token FROM supportbot.question_recipients WHERE question_id = @question AND person_id = @volunteer", new { question, volunteer });
        Assert.Equal($"support+q.{token}@example.test", Assert.Single(mail.ReplyTo.Mailboxes).Address);

        var again = await TutorSite.PostFormAsync(claire, page, new() { ["personId"] = volunteer.ToString() }, page + "?handler=Reassign");

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Contains("avait déjà reçu la question : rien n'a été renvoyé.", WebUtility.HtmlDecode(await claire.GetStringAsync(again.Headers.Location)), StringComparison.Ordinal);
        await WaitForJobsAsync();
        Assert.Single(await Smtp4devMailbox.ToAsync(email, timeoutMs: 2000));
        Assert.Equal(1, await ScalarAsync<int>("SELECT count(*)::int FROM supportbot.question_recipients WHERE question_id = @question", new { question }));
    }

    [Fact]
    public async Task A_tutor_of_another_module_gets_404_and_nobody_outside_the_module_can_be_chosen()
    {
        var (outsider, outsiderEmail) = await VolunteerAsync("m2-data");
        var question = await AskAsync("m1-platform", "Question du module 1 " + Suffix());
        var page = $"/tutor/questions/{question}";
        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var form = new Dictionary<string, string> { ["personId"] = outsider.ToString() };

        Assert.Equal(HttpStatusCode.NotFound, (await samuel.GetAsync(new Uri(page, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await TutorSite.PostFormAsync(samuel, "/tutor/questions", form, page + "?handler=Reassign")).StatusCode);
        var claireSees = await claire.GetStringAsync(new Uri(page, UriKind.Relative));
        Assert.DoesNotContain(outsider.ToString(), claireSees, StringComparison.Ordinal);
        Assert.DoesNotContain($"value=\"{await PersonAsync("learner-tom")}\"", claireSees, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await TutorSite.PostFormAsync(claire, page, form, page + "?handler=Reassign")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await TutorSite.PostFormAsync(claire, page, new() { ["personId"] = (await PersonAsync("learner-tom")).ToString() }, page + "?handler=Reassign")).StatusCode);

        Assert.Equal(0, await ScalarAsync<int>("SELECT count(*)::int FROM supportbot.question_recipients WHERE question_id = @question", new { question }));
        Assert.Empty(await Smtp4devMailbox.ToAsync(outsiderEmail, atLeast: 0));
    }

    [Fact]
    public async Task A_reassign_without_the_antiforgery_token_is_refused()
    {
        var (volunteer, _) = await VolunteerAsync("m1-platform");
        var question = await AskAsync("m1-platform", "Sans jeton " + Suffix());
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var forged = await claire.PostAsync(new Uri($"/tutor/questions/{question}?handler=Reassign", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["personId"] = volunteer.ToString() }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, await ScalarAsync<int>("SELECT count(*)::int FROM supportbot.question_recipients WHERE question_id = @question", new { question }));
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    /// <summary>An active volunteer enrolled in the module, with an address no other test reads.</summary>
    private async Task<(Guid Id, string Email)> VolunteerAsync(string module)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var email = $"{run}.reassign@example.test";
        var people = site.Host.Services.GetRequiredService<PeopleStore>();
        var id = await people.UpsertPersonAsync(new PersonRecord($"volunteer-{run}", "Bénévole " + run, email, "fr", "Europe/Paris", false), CancellationToken.None);
        await people.EnrolAsync(id, module, null, CancellationToken.None);
        await people.UpsertVolunteerAsync(id, new VolunteerPreferences(["technical"], 5, null, null), "tutor", CancellationToken.None);
        return (id, email);
    }

    private async Task<Guid> AskAsync(string module, string text) => await ScalarAsync<Guid>("""
        INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status)
        SELECT id, @module, 'technical', 'fr', @text, 'routed' FROM supportbot.people WHERE external_id = 'learner-tom'
        RETURNING id
        """, new { module, text });

    private Task<Guid> PersonAsync(string externalId) =>
        ScalarAsync<Guid>("SELECT id FROM supportbot.people WHERE external_id = @externalId", new { externalId });

    /// <summary>Waits until Hangfire has no enqueued or processing job left, so a second send would have happened.</summary>
    private async Task WaitForJobsAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline && await ScalarAsync<int>("""
            SELECT count(*)::int FROM hangfire.job WHERE statename IN ('Enqueued', 'Processing') AND invocationdata::text LIKE '%SendQuestionEmailJob%'
            """, null) > 0)
        {
            await Task.Delay(200);
        }
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value");
    }
}
