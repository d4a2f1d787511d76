using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.Cli.StudyGroups;

/// <summary>
/// `supportbot groups match --module ID`: a matching round now (the proposals and "no group yet"
/// messages are sent from this process, through the send log); `supportbot groups list --module ID`:
/// the module's groups as tutors see them, without anyone's schedule.
/// </summary>
internal static class GroupsCommand
{
    public static Command Create()
    {
        var matchModule = new Option<string>("--module") { Description = "Module id", Required = true };
        var match = new Command("match", "Run a matching round for the module now and notify the learners") { matchModule };
        match.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var round = await services.GetRequiredService<StudyGroupRounds>().RunRoundAsync(parse.GetValue(matchModule)!, ct: token);
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{round.GroupIds.Count} group(s) proposed, {round.LeftOver.Count} learner(s) left in the pool, {round.Expired} stale proposal(s) dissolved"));
            return 0;
        }, ct));

        var listModule = new Option<string>("--module") { Description = "Module id", Required = true };
        var list = new Command("list", "List the module's study groups (no schedules; names of active groups only)") { listModule };
        list.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var queries = services.GetRequiredService<GroupQueries>();
            var module = parse.GetValue(listModule)!;
            foreach (var g in await queries.ListAsync(module, token))
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{g.Id:N}  {g.Status,-9} {g.Size} {g.Language}  {g.SharedHoursPerWeek:0.#} h/week  {g.CreatedAt:yyyy-MM-dd}  {string.Join(", ", g.ActiveMemberNames)}"));
            }

            await Console.Out.WriteLineAsync($"{await queries.CountWaitingAsync(module, token)} learner(s) waiting in the pool");
            return 0;
        }, ct));

        return new Command("groups", "Study groups (#8)") { match, list };
    }
}
