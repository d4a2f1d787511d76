using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.People;

namespace SupportBot.Cli.People;

/// <summary>`supportbot learner export|erase --id &lt;external id&gt;`: a learner's data rights from the command line.</summary>
internal static class LearnerCommand
{
    public static Command Create()
    {
        var command = new Command("learner", "A learner's personal data: export it as JSON, or erase it (questions stay, anonymised)");
        command.Subcommands.Add(Export());
        command.Subcommands.Add(Erase());
        return command;
    }

    private static Option<string> IdOption() => new("--id") { Description = "The learner's external id (the course platform's)", Required = true };

    private static Command Export()
    {
        var id = IdOption();
        var output = new Option<FileInfo?>("--out") { Description = "Write the JSON to this file instead of standard output" };
        var command = new Command("export", "Print everything SupportBot holds about a learner, as JSON") { id, output };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var export = await services.GetRequiredService<LearnerPrivacy>().ExportAsync(parse.GetValue(id)!, token);
            if (export is null)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"supportbot: no learner with id {parse.GetValue(id)}");
                return 1;
            }

            var json = LearnerPrivacy.ToJson(export);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, json, token);
            }
            else
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(json);
            }

            return 0;
        }, ct));
        return command;
    }

    private static Command Erase()
    {
        var id = IdOption();
        var command = new Command("erase", "Erase a learner: identity, enrolments and conversations deleted, questions anonymised") { id };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            if (!await services.GetRequiredService<LearnerPrivacy>().EraseAsync(parse.GetValue(id)!, token))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"supportbot: no learner with id {parse.GetValue(id)}");
                return 1;
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"Learner {parse.GetValue(id)} erased.");
            return 0;
        }, ct));
        return command;
    }
}
