using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.Roster;

namespace SupportBot.Cli.Roster;

/// <summary>`supportbot roster import --file participants.csv [--dry-run]`: the course platform's roster into SupportBot.</summary>
internal static class RosterCommand
{
    public static Command Create()
    {
        var command = new Command("roster", "Learners, tutors and modules from the course platform's participants or enrolments CSV");
        command.Subcommands.Add(Import());
        return command;
    }

    private static Command Import()
    {
        var file = new Option<FileInfo>("--file") { Description = "Moodle participants or user-upload CSV, Canvas enrolments CSV (UTF-8, comma or semicolon)", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change and change nothing" };
        var module = new Option<string?>("--module") { Description = "The module (course short name) of a file without a course column, e.g. Moodle's participants download" };
        var course = new Option<string?>("--course") { Description = "The SupportBot course new modules belong to (needed when there are several)" };
        var columns = new Option<string[]>("--column")
        {
            Description = "Map a field to a header the detection misses: --column email=\"Adresse électronique\" "
                + $"(fields: {string.Join(", ", RosterColumns.FieldNames.Keys)}; repeatable)",
        };
        var command = new Command("import", "Create or update people, modules, enrolments and tutors; who left is unenrolled, never deleted; all or nothing")
        {
            file, dryRun, module, course, columns,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await error.WriteLineAsync($"supportbot: {path.FullName} not found");
                return 1;
            }

            var mapping = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var pair in parse.GetValue(columns) ?? [])
            {
                if (pair.Split('=', 2) is not [var field, var header])
                {
                    await error.WriteLineAsync($"supportbot: --column {pair}: expected field=Header");
                    return 1;
                }

                mapping[field.Trim()] = header.Trim();
            }

            await using var stream = path.OpenRead();
            var result = await services.GetRequiredService<RosterImport>().RunAsync(
                new RosterImportRequest(stream, parse.GetValue(module), parse.GetValue(course), parse.GetValue(dryRun), mapping), token);
            var plan = result.Plan;
            if (!plan.IsValid)
            {
                await error.WriteLineAsync($"supportbot: {path.Name} ({result.Format}) was not imported, nothing changed:");
                foreach (var e in plan.Errors)
                {
                    await error.WriteLineAsync($"  {e}");
                }

                return 1;
            }

            await output.WriteLineAsync($"{path.Name}: {result.Format}" + (parse.GetValue(dryRun) ? " (dry run: nothing changed)" : ""));
            foreach (var change in plan.Changes)
            {
                await output.WriteLineAsync("  " + change.Describe());
            }

            foreach (var warning in plan.Warnings)
            {
                await output.WriteLineAsync("  note: " + warning);
            }

            await output.WriteLineAsync((result.Applied ? "Imported: " : parse.GetValue(dryRun) ? "Would do: " : "") + plan.Summary());
            return 0;
        }, ct));
        return command;
    }
}
