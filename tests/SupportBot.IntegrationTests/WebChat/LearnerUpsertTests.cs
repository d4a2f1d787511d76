using Dapper;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.WebChat;

/// <summary>Each chat opening upserts the learner from the signed link: same row, rewritten only when the profile changed.</summary>
public sealed class LearnerUpsertTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private static readonly LearnerIdentity Ines = new("learner-ines", "Inès Martin", "ines.martin@example.test", null, "fr", "Europe/Paris");

    [Fact]
    public async Task Reopening_the_chat_keeps_the_learner_and_rewrites_the_row_only_when_the_profile_changed()
    {
        var people = new PeopleStore(db.DataSource);

        var id = await people.UpsertLearnerAsync(Ines, CancellationToken.None);
        var version = await RowVersionAsync(id);

        Assert.Equal(id, await people.UpsertLearnerAsync(Ines, CancellationToken.None));
        Assert.Equal(version, await RowVersionAsync(id)); // unchanged: not rewritten

        Assert.Equal(id, await people.UpsertLearnerAsync(Ines with { DisplayName = "Inès Martin-Roy", Locale = "en" }, CancellationToken.None));
        Assert.NotEqual(version, await RowVersionAsync(id));
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(("Inès Martin-Roy", "en"), await c.QuerySingleAsync<(string, string)>(
            "SELECT display_name, locale FROM supportbot.people WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task The_same_new_learner_opening_two_tabs_at_once_gets_one_row()
    {
        var people = new PeopleStore(db.DataSource);
        var learner = Ines with { LearnerId = "learner-two-tabs", Email = "two.tabs@example.test" };

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => people.UpsertLearnerAsync(learner, CancellationToken.None)));

        Assert.Single(ids.Distinct());
        Assert.NotEqual(Guid.Empty, ids[0]);
    }

    /// <summary>xmin changes whenever PostgreSQL writes a new version of the row.</summary>
    private async Task<string> RowVersionAsync(Guid id)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<string>("SELECT xmin::text FROM supportbot.people WHERE id = @id", new { id }) ?? "";
    }
}
