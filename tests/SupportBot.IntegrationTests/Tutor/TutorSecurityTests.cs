using System.Net;
using System.Net.Http.Json;
using Dapper;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Tutor;

public sealed class TutorSecurityTests(TutorSite site) : IClassFixture<TutorSite>
{
    public static readonly TheoryData<string> Pages = new()
    {
        "/tutor", "/tutor/questions", "/tutor/volunteers", "/tutor/knowledge", "/tutor/network", "/tutor/silences",
        "/tutor/insights", "/tutor/learners", "/tutor/questions/" + Guid.NewGuid(), "/tutor/questions/held", "/tutor/campaigns",
        "/tutor/campaigns/new", "/tutor/campaigns/" + Guid.NewGuid(),
    };

    public static readonly TheoryData<string> ApiRoutes = new()
    {
        "/api/tutor/modules", "/api/tutor/questions", "/api/tutor/questions/" + Guid.NewGuid(), "/api/tutor/network",
        "/api/tutor/silences", "/api/tutor/insights", "/api/tutor/learners/learner-lea/export", "/api/tutor/campaigns",
        "/api/tutor/campaigns/" + Guid.NewGuid() + "/progress",
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_tutor_page_sends_a_stranger_to_sign_in(string path)
    {
        var response = await site.Browser().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/tutor/sign-in", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ApiRoutes))]
    public async Task The_tutor_api_answers_a_stranger_401(string path)
    {
        var response = await site.Browser().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Answering_through_the_api_without_a_cookie_is_refused()
    {
        var question = await AskAsync("m1-platform");
        var response = await site.Browser().PostAsJsonAsync(new Uri($"/api/tutor/questions/{question}/answers", UriKind.Relative), new { text = "Hello" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await AnswerCountAsync(question));
    }

    [Fact]
    public async Task A_tutor_of_module_B_cannot_read_or_answer_a_question_of_module_A()
    {
        var other = await AskAsync("m1-platform", "Question du module 1 que Samuel ne doit pas voir");
        var own = await AskAsync("m2-data", "Question du module 2 pour Samuel");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var list = await samuel.GetStringAsync(new Uri("/tutor/questions?list=all", UriKind.Relative));
        Assert.Contains("Question du module 2 pour Samuel", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Samuel ne doit pas voir", list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await samuel.GetAsync(new Uri($"/tutor/questions/{other}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await samuel.GetAsync(new Uri($"/api/tutor/questions/{other}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await samuel.GetAsync(new Uri("/api/tutor/questions?module=m1-platform", UriKind.Relative))).StatusCode);
        var apiList = await samuel.GetStringAsync(new Uri("/api/tutor/questions?list=all", UriKind.Relative));
        Assert.DoesNotContain(other.ToString(), apiList, StringComparison.Ordinal);
        Assert.Contains(own.ToString(), apiList, StringComparison.Ordinal);

        var byApi = await samuel.PostAsJsonAsync(new Uri($"/api/tutor/questions/{other}/answers", UriKind.Relative), new { text = "Réponse interdite" });
        Assert.Equal(HttpStatusCode.NotFound, byApi.StatusCode);
        // The page form, posted with a valid token taken from Samuel's own question page.
        var byPage = await TutorSite.PostFormAsync(samuel, $"/tutor/questions/{own}", new() { ["Answer"] = "Réponse interdite" }, $"/tutor/questions/{other}");
        Assert.Equal(HttpStatusCode.NotFound, byPage.StatusCode);
        Assert.Equal(0, await AnswerCountAsync(other));
    }

    [Fact]
    public async Task A_tutor_answers_a_question_of_their_module_from_the_page()
    {
        var question = await AskAsync("m2-data", "Comment faire un tableau croisé ?");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var response = await TutorSite.PostFormAsync(samuel, $"/tutor/questions/{question}", new() { ["Answer"] = "Insertion > Tableau croisé dynamique." });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        var (via, status) = await c.QuerySingleAsync<(string, string)>(
            "SELECT a.via, q.status FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id WHERE q.id = @question", new { question });
        Assert.Equal(("tutor_page", "answered"), (via, status));
    }

    [Fact]
    public async Task An_admin_sees_every_module()
    {
        var question = await AskAsync("m1-platform", "Question visible par l'administratrice");
        var claire = await site.SignedInAsync(TutorSite.Claire);

        Assert.Equal(HttpStatusCode.OK, (await claire.GetAsync(new Uri($"/tutor/questions/{question}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await claire.GetAsync(new Uri("/api/tutor/questions?module=m1-platform", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var question = await AskAsync("m2-data");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var response = await samuel.PostAsync(new Uri($"/tutor/questions/{question}", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Answer"] = "Sans jeton" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await AnswerCountAsync(question));
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_admins_only()
    {
        var stranger = await site.Browser().GetAsync(new Uri("/hangfire", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, stranger.StatusCode);
        Assert.Contains("/tutor/sign-in", stranger.Headers.Location!.ToString(), StringComparison.Ordinal);

        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var refused = await samuel.GetAsync(new Uri("/hangfire", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/tutor/denied", refused.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await samuel.GetAsync(refused.Headers.Location)).StatusCode);

        var claire = await site.SignedInAsync(TutorSite.Claire);
        Assert.Equal(HttpStatusCode.OK, (await claire.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_session_cookie_is_http_only_and_same_site_lax()
    {
        var browser = site.Browser();
        var token = await site.LinkForAsync(TutorSite.Samuel);
        var response = await TutorSite.FollowLinkAsync(browser, "/tutor/sign-in/link?token=" + token);

        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("supportbot_tutor=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<Guid> AskAsync(string module, string text = "Je n'arrive pas à déposer mon devoir")
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("""
            INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status)
            SELECT id, @module, 'technical', 'fr', @text, 'routed' FROM supportbot.people WHERE external_id = 'learner-lea'
            RETURNING id
            """, new { module, text });
    }

    private async Task<int> AnswerCountAsync(Guid question)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.answers WHERE question_id = @question", new { question });
    }
}
