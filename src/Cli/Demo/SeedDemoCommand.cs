using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.Data;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;
using SupportBot.Shared.StudyGroups.Groups;
using SupportBot.Shared.StudyGroups.SignUp;

namespace SupportBot.Cli.Demo;

internal static class SeedDemoCommand
{
    public static Command Create()
    {
        var dir = new Option<DirectoryInfo>("--dir")
        {
            Description = "The demo folder (people.json, demo-kb.json)",
            DefaultValueFactory = _ => new DirectoryInfo("demo"),
        };
        var command = new Command("seed-demo", "Migrate, then load the demo course, modules, people and knowledge base; safe to run again") { dir };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var folder = parse.GetValue(dir)!;
            var peopleFile = Path.Combine(folder.FullName, "people.json");
            if (!File.Exists(peopleFile))
            {
                await Console.Error.WriteLineAsync($"supportbot: {peopleFile} not found (use --dir to point at the demo folder)");
                return 1;
            }

            services.GetRequiredService<DatabaseMigrator>().Migrate();
            var people = await DemoPeopleFile.Load(peopleFile).SeedAsync(services.GetRequiredService<PeopleStore>(), token);
            var kb = KnowledgeBaseFile.Load(Path.Combine(folder.FullName, "demo-kb.json"));
            if (!kb.IsValid)
            {
                foreach (var error in kb.Errors)
                {
                    await Console.Error.WriteLineAsync($"supportbot: demo-kb.json: {error}");
                }

                return 1;
            }

            // Upsert, not replace: entries tutors added since the last run stay.
            await services.GetRequiredService<FaqStore>().UpsertManyAsync(kb.File!.Entries, token);
            var activity = await DemoActivityFile.Load(Path.Combine(folder.FullName, "activity.json"))
                .SeedAsync(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, token);
            var study = await DemoStudyGroupsFile.Load(Path.Combine(folder.FullName, "study-groups.json")).SeedAsync(
                services.GetRequiredService<Npgsql.NpgsqlDataSource>(), services.GetRequiredService<StudyGroupSignUpStore>(),
                services.GetRequiredService<StudyGroupRounds>(), services.GetRequiredService<StudyGroupMembership>(),
                services.GetRequiredService<TimeProvider>().GetUtcNow(), token);
            await Console.Out.WriteLineAsync($"Demo data loaded: {people} people, {kb.File.Entries.Count} knowledge entries, {activity} questions of demo activity, "
                + $"{study.SignedUp} learners signed up for study groups ({study.Proposed} groups proposed, {study.Active} active).");
            return 0;
        }, ct));
        return command;
    }
}
