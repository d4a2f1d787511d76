using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.Shared.Faq;

namespace SupportBot.Cli.Faq;

/// <summary>`supportbot faq`: the knowledge base from a file, without a database.</summary>
internal static class FaqCommand
{
    private const int InvalidFileExitCode = 2;

    public static Command Create() => new("faq", "The FAQ knowledge base and its matcher")
    {
        CreateMatch(),
        CreateEvaluate(),
    };

    /// <summary>
    /// One query per stdin line, one JSON line per query on stdout, in order and flushed, so another
    /// program can drive it line by line. Other tools depend on this exact shape.
    /// </summary>
    private static Command CreateMatch()
    {
        var kb = KnowledgeBaseOption();
        var command = new Command("match", """Read one question per line on stdin, write {"id", "score", "alternatives"} per line on stdout (id null when it abstains)""") { kb };
        command.SetAction(async (parse, ct) =>
        {
            if (await LoadMatcherAsync(parse.GetValue(kb)!) is not { } matcher)
            {
                return InvalidFileExitCode;
            }

            var output = Console.Out;
            while (await Console.In.ReadLineAsync(ct) is { } line)
            {
                var match = matcher.Match(line);
                var result = new MatchLine(match.EntryId, Math.Round(match.Score, 4), match.Alternatives);
                await output.WriteLineAsync(JsonSerializer.Serialize(result, MatchLineJson.Default.MatchLine));
                await output.FlushAsync(ct);
            }

            return 0;
        });
        return command;
    }

    private static Command CreateEvaluate()
    {
        var kb = KnowledgeBaseOption();
        var queries = new Option<FileInfo>("--queries")
        {
            Description = """JSON lines {"q": question, "id": expected entry id or null when it should abstain}""",
            Required = true,
        };
        var verbose = new Option<bool>("--verbose") { Description = "Also list every miss with the matcher's best two entries" };
        var command = new Command("evaluate", "Measure the matcher on labelled questions: right answers, abstentions, overall") { kb, queries, verbose };
        command.SetAction(async (parse, ct) =>
        {
            if (await LoadMatcherAsync(parse.GetValue(kb)!) is not { } matcher)
            {
                return InvalidFileExitCode;
            }

            var evaluation = FaqEvaluation.Run(matcher, LabelledQuery.ReadJsonLines(parse.GetValue(queries)!.FullName));
            if (parse.GetValue(verbose))
            {
                foreach (var miss in evaluation.Misses)
                {
                    var best = string.Join(", ", matcher.Explain(miss.Query.Q).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Id} {c.Score:F3}")));
                    await Console.Out.WriteLineAsync($"miss: \"{miss.Query.Q}\" expected {miss.Query.Id ?? "abstain"}, got {miss.Match.Outcome} {miss.Match.EntryId} [{best}]");
                }
            }

            await Console.Out.WriteLineAsync(evaluation.Summary());
            return 0;
        });
        return command;
    }

    private static Option<FileInfo> KnowledgeBaseOption() => new("--kb")
    {
        Description = "The knowledge-base JSON file (the shape of demo/demo-kb.json)",
        Required = true,
    };

    private static async Task<FaqMatcher?> LoadMatcherAsync(FileInfo file)
    {
        var read = KnowledgeBaseFile.Load(file.FullName);
        if (!read.IsValid)
        {
            await Console.Error.WriteLineAsync($"supportbot: {file.FullName} is not a valid knowledge base:");
            foreach (var error in read.Errors)
            {
                await Console.Error.WriteLineAsync($"  {error}");
            }

            return null;
        }

        return FaqMatcher.Build(read.File!.Entries);
    }
}

/// <summary>One line of `faq match` output.</summary>
internal sealed record MatchLine(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("alternatives")] IReadOnlyList<string> Alternatives);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(MatchLine))]
internal sealed partial class MatchLineJson : JsonSerializerContext;
