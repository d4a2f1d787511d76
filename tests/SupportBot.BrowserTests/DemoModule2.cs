using Dapper;
using Npgsql;

namespace SupportBot.BrowserTests;

/// <summary>Where a question about the demo's Module 2 went: the people asked, and their inboxes.</summary>
public static class DemoModule2
{
    private static readonly Dictionary<string, string> PeopleOfModule2 = new()
    {
        ["learner-aicha"] = "aicha.payet@example.test", ["alumna-ines"] = "ines.moreau@example.test",
        ["tutor-claire"] = "claire.martin@example.test", ["tutor-samuel"] = "samuel.okoro@example.test",
    };

    /// <summary>The external ids of everyone asked about the question with this text.</summary>
    public static async Task<List<string>> RecipientsAsync(NpgsqlDataSource db, string text)
    {
        await using var c = await db.OpenConnectionAsync();
        return [.. await c.QueryAsync<string>("""
            SELECT p.external_id FROM supportbot.question_recipients r JOIN supportbot.people p ON p.id = r.person_id
            JOIN supportbot.questions q ON q.id = r.question_id WHERE q.text = @text
            """, new { text })];
    }

    /// <summary>Only Module 2's volunteers, alumni or tutors were asked, one of them got the email, and Tom (Module 1) got none.</summary>
    public static async Task AssertAskedOnlyModule2PeopleAsync(NpgsqlDataSource db, string text, string run)
    {
        var asked = await RecipientsAsync(db, text);
        Assert.NotEmpty(asked);
        Assert.All(asked, p => Assert.Contains(p, PeopleOfModule2.Keys));
        Assert.NotEmpty(await Smtp4devInbox.MailsAsync(PeopleOfModule2[asked[0]], run, expectSome: true));
        Assert.Empty(await Smtp4devInbox.MailsAsync("tom.wilson@example.test", run, expectSome: false));
    }
}
