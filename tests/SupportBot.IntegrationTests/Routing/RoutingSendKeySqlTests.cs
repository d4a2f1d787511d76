using Dapper;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Routing;

namespace SupportBot.IntegrationTests.Routing;

/// <summary>
/// Resuming routing looks in the send log for keys built in SQL; a key spelled differently there
/// than in C# would make every question look never sent (sent twice) or always sent (lost).
/// </summary>
public sealed class RoutingSendKeySqlTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task PostgreSQL_spells_each_key_as_the_senders_do()
    {
        var (questionId, personId, answerId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await using var c = await db.DataSource.OpenConnectionAsync();

        var (ask, chat, email) = await c.QuerySingleAsync<(string, string, string)>(
            $"SELECT {RoutingSendKeys.Sql.Ask("@questionId", "@personId", "@round")}, "
            + $"{RoutingSendKeys.Sql.AnswerChat("@answerId")}, {RoutingSendKeys.Sql.AnswerEmail("@answerId")}",
            new { questionId, personId, round = 2, answerId });

        Assert.Equal(RoutingSendKeys.Ask(questionId, personId, 2), ask);
        Assert.Equal(RoutingSendKeys.AnswerChat(answerId), chat);
        Assert.Equal(RoutingSendKeys.AnswerEmail(answerId), email);
    }
}
