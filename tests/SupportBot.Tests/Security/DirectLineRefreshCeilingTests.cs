using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Bot.DirectLine;

namespace SupportBot.Tests.Security;

/// <summary>Issue 17 item 13: a web chat token refreshed before each expiry still dies at the refresh ceiling.</summary>
public sealed class DirectLineRefreshCeilingTests
{
    [Fact]
    public async Task Refreshing_every_25_minutes_stops_at_the_ceiling_and_no_token_outlives_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var tokens = new DirectLineTokens(Options.Create(new DirectLineOptions
        {
            TokenSigningKey = new string('k', 40), TokenLifetime = TimeSpan.FromMinutes(30), TokenRefreshCeiling = TimeSpan.FromHours(24),
        }), clock);
        var start = clock.GetUtcNow();
        var token = tokens.Issue("conv-1", "learner:1");
        var refreshes = 0;

        while (true)
        {
            clock.Advance(TimeSpan.FromMinutes(25));
            var (grant, _, _) = await tokens.ValidateAsync(token);
            if (grant is null || !tokens.MayRenew(grant) || refreshes > 1000)
            {
                break;
            }

            token = tokens.Issue(grant.ConversationId, grant.UserId, grant.SessionStart);
            refreshes++;
        }

        Assert.InRange(clock.GetUtcNow() - start, TimeSpan.FromHours(24), TimeSpan.FromHours(24.5));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null((await tokens.ValidateAsync(token)).Grant);
    }
}
