using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.Lti;
using SupportBot.Shared.Roster;

namespace SupportBot.Cli.Roster;

/// <summary>
/// `supportbot roster import --file participants.csv [--dry-run]`: the course platform's roster into SupportBot;
/// `supportbot roster sync`: the same through LTI Names and Role Provisioning.
/// </summary>
internal static class RosterCommand
{
    public static Command Create()
    {
        var command = new Command("roster", "Learners, tutors and modules from the course platform: its participants or enrolments CSV, or LTI Names and Role Provisioning");
        command.Subcommands.Add(Import());
        command.Subcommands.Add(Sync());
        return command;
    }

    private static Command Sync()
    {
        var platform = new Option<string?>("--platform") { Description = "Only the courses of this platform registration (its name, e.g. moodle-univ)" };
        var module = new Option<string?>("--module") { Description = "Only the platform course(s) of this module" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show what would change (and each problem of the member list) and change nothing" };
        var command = new Command("sync", "Each launched course's roster from its platform through LTI Names and Role Provisioning, now (the worker does it nightly); same rules as import")
        {
            platform, module, dryRun,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var contexts = (await services.GetRequiredService<LtiContextStore>().ListAsync(parse.GetValue(platform), parse.GetValue(module), token)).ToList();
            if (contexts.Count == 0)
            {
                await error.WriteLineAsync("supportbot: no platform course launched yet" + (parse.GetValue(platform) is null && parse.GetValue(module) is null ? "" : " matches")
                    + ": a course is known once someone launched SupportBot from it");
                return 1;
            }

            var failed = 0;
            foreach (var context in contexts)
            {
                var result = await services.GetRequiredService<LtiRosterSync>().SyncAsync(context.Platform, context.ContextId, parse.GetValue(dryRun), token);
                var writer = result.Succeeded ? output : error;
                await writer.WriteLineAsync($"{context.Platform} {context.ModuleId} (course {context.ContextId}): {result.Outcome}" + (parse.GetValue(dryRun) && result.Succeeded ? " (dry run: nothing changed)" : ""));
                foreach (var change in result.Plan?.Changes ?? [])
                {
                    await writer.WriteLineAsync("  " + change.Describe());
                }

                foreach (var problem in result.Plan?.Errors ?? [])
                {
                    await writer.WriteLineAsync($"  member {problem.Line}: {problem.Message}");
                }

                foreach (var warning in result.Plan?.Warnings ?? [])
                {
                    await writer.WriteLineAsync("  note: " + warning);
                }

                failed += result.Succeeded ? 0 : 1;
            }

            return failed == 0 ? 0 : 1;
        }, ct));
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
