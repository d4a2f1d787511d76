using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.Nudges;

namespace SupportBot.Cli.Nudges;

/// <summary>`supportbot nudge run`: what the worker's daily nudge job does, once, in this process.</summary>
internal static class NudgeCommand
{
    public static Command Create()
    {
        var run = new Command("run", "Nudge the learners silent for Nudges:SilentDays (each at most once a day: the send log remembers)");
        run.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var nudged = await services.GetRequiredService<NudgeSender>().SendDueAsync(token);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"{nudged} learner(s) nudged");
            return 0;
        }, ct));
        return new Command("nudge", "Inactivity nudges") { run };
    }
}
