using Dapper;
using SupportBot.Cli;
using SupportBot.IntegrationTests.Campaigns;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.IntegrationTests.Routing;

namespace SupportBot.IntegrationTests.Nudges;

/// <summary>`supportbot nudge run`: the worker's daily nudges, once, from the admin command.</summary>
public sealed class NudgeCommandTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task The_cli_nudges_the_silent_learners_once_and_a_second_run_sends_nothing()
    {
        await using var world = await CampaignWorld.StartAsync(db, DateTimeOffset.UtcNow);
        var silent = await world.LearnerAsync("Silent", "Europe/Paris");
        _ = await world.LearnerAsync("Active", "Europe/Paris");
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            // Enrolled three weeks ago and never seen since: past the default ten silent days.
            await c.ExecuteAsync("UPDATE supportbot.enrolments SET enrolled_at = now() - interval '21 days' WHERE person_id = @silent", new { silent });
        }

        var (first, firstOutput) = await RunAsync("nudge", "run");
        var (second, secondOutput) = await RunAsync("nudge", "run");

        Assert.Equal((0, "1 learner(s) nudged"), (first, firstOutput.Trim()));
        Assert.Equal((0, "0 learner(s) nudged"), (second, secondOutput.Trim()));
        Assert.Equal("Tout va bien, Silent ?", Assert.Single(await Smtp4devMailbox.ToAsync(world.EmailOf("Silent"))).Subject);
        Assert.Empty(await Smtp4devMailbox.ToAsync(world.EmailOf("Active"), atLeast: 0));
    }

    private async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        string[] all = [.. args, .. TestServices.HostSettings(db.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliProgram.CreateRoot().Parse(all).InvokeAsync(new() { Output = output, Error = error });
        Console.Error.WriteLine(error.ToString());
        return (code, output.ToString());
    }
}
