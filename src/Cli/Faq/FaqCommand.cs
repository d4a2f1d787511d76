using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SupportBot.Shared.Faq;

namespace SupportBot.Cli.Faq;

/// <summary>`supportbot faq`: match and evaluate from a file (no database), import and export between a file and the database.</summary>
internal static class FaqCommand
{
    private const int InvalidFileExitCode = 2;

    public static Command Create() => new("faq", "The FAQ knowledge base and its matcher")
    {
        CreateMatch(),
        CreateEvaluate(),
        CreateImport(),
        CreateExport(),
    };

    /// <summary>
    /// One query per stdin line, one JSON line per query on stdout, in order and flushed, so another
    /// program can drive it line by line. Other tools depend on this exact shape.
    /// </summary>
    private static Command CreateMatch()
    {
        var kb = KnowledgeBaseOption();
        var embeddings = EmbeddingsOption();
        var answerFrom = AnswerFromOption();
        var command = new Command("match", """Read one question per line on stdin, write {"id", "score", "alternatives"} per line on stdout (id null when it abstains)""") { kb, embeddings, answerFrom };
        command.SetAction(async (parse, ct) =>
        {
            using var embedder = parse.GetValue(embeddings) ? new SentenceEmbedder() : null;
            if (await LoadMatcherAsync(parse.GetValue(kb)!, embedder, parse.GetValue(answerFrom)) is not { } matcher)
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
        var embeddings = EmbeddingsOption();
        var answerFrom = AnswerFromOption();
        var command = new Command("evaluate", "Measure the matcher on labelled questions: right answers, abstentions, overall") { kb, queries, verbose, embeddings, answerFrom };
        command.SetAction(async (parse, ct) =>
        {
            using var embedder = parse.GetValue(embeddings) ? new SentenceEmbedder() : null;
            if (await LoadMatcherAsync(parse.GetValue(kb)!, embedder, parse.GetValue(answerFrom)) is not { } matcher)
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

    private static Command CreateImport()
    {
        var file = new Option<FileInfo>("--file") { Description = "The knowledge-base JSON file to load", Required = true };
        var upsertOnly = new Option<bool>("--upsert-only") { Description = "Add and update the file's entries but keep the others (default: the file replaces the whole knowledge base)" };
        var command = new Command("import", "Load a knowledge-base file into the database, all or nothing; a file with errors changes nothing") { file, upsertOnly };
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!.FullName;
            var read = KnowledgeBaseFile.Load(path);
            if (!read.IsValid)
            {
                await ReportAsync(path, read.Errors);
                return InvalidFileExitCode;
            }

            // An empty file is far more likely a mistake than a wish to delete the whole knowledge base.
            if (read.File!.Entries.Count == 0)
            {
                await ReportAsync(path, ["entries is empty: nothing imported"]);
                return InvalidFileExitCode;
            }

            return await CliHost.RunAsync(parse, async (services, token) =>
            {
                var store = services.GetRequiredService<FaqStore>();
                var entries = read.File!.Entries;
                try
                {
                    if (parse.GetValue(upsertOnly))
                    {
                        await store.UpsertManyAsync(entries, token);
                        await Console.Out.WriteLineAsync($"Imported {entries.Count} knowledge entries (others kept).");
                    }
                    else
                    {
                        await store.ReplaceAllAsync(entries, token);
                        await Console.Out.WriteLineAsync($"Imported {entries.Count} knowledge entries (the knowledge base is now exactly this file).");
                    }
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ForeignKeyViolation)
                {
                    // The file is valid on its own but names a module the database does not know: say so, not "unreachable".
                    var modules = string.Join(", ", entries.Select(e => e.Module).OfType<string>().Distinct(StringComparer.Ordinal));
                    await Console.Error.WriteLineAsync($"supportbot: nothing imported: an entry names a module that does not exist (modules in the file: {modules})");
                    return InvalidFileExitCode;
                }

                return 0;
            }, ct);
        });
        return command;
    }

    private static Command CreateExport()
    {
        var file = new Option<FileInfo>("--file") { Description = "Where to write the knowledge base (the shape of demo/demo-kb.json)", Required = true };
        var command = new Command("export", "Write the database's knowledge base to a file that import reads back") { file };
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, token) =>
        {
            var entries = await services.GetRequiredService<FaqStore>().LoadAllAsync(token);
            var path = parse.GetValue(file)!.FullName;
            await File.WriteAllTextAsync(path, new KnowledgeBaseFile(null, entries).ToJson(), new UTF8Encoding(false), token);
            await Console.Out.WriteLineAsync($"Exported {entries.Count} knowledge entries to {path}.");
            return 0;
        }, ct));
        return command;
    }

    private static Option<FileInfo> KnowledgeBaseOption() => new("--kb")
    {
        Description = "The knowledge-base JSON file (the shape of demo/demo-kb.json)",
        Required = true,
    };

    // As the bot runs with Faq:Embeddings:Enabled (on by default), so the file measures what learners get.
    private static Option<bool> EmbeddingsOption() => new("--embeddings")
    {
        Description = "Read meanings too, with the sentence-embedding model, as the bot does with Faq:Embeddings:Enabled (the default; --embeddings false for words alone)",
        DefaultValueFactory = _ => true,
    };

    // As the bot answers with Faq:Embeddings:AnswerFrom, so an institution can see what a stricter band costs on its own messages.
    private static Option<double> AnswerFromOption()
    {
        var option = new Option<double>("--answer-from")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"With meanings, the chance of being right from which the matcher answers, as Faq:Embeddings:AnswerFrom ({AnswerConfidence.AnswerFrom} as shipped; 0.5 to 0.99)"),
            DefaultValueFactory = _ => new FaqEmbeddingOptions().AnswerFrom,
        };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is < 0.5 or > 0.99)
            {
                result.AddError("--answer-from must be a chance between 0.5 and 0.99.");
            }
        });
        return option;
    }

    private static async Task<FaqMatcher?> LoadMatcherAsync(FileInfo file, SentenceEmbedder? embedder, double answerFrom)
    {
        var read = KnowledgeBaseFile.Load(file.FullName);
        if (!read.IsValid)
        {
            await ReportAsync(file.FullName, read.Errors);
            return null;
        }

        if (embedder is { ReadsFrench: true, TranslatesFrench: false })
        {
            // The band was fitted on French read through its translation too: say why French questions may fare worse.
            await Console.Error.WriteLineAsync($"supportbot: {FrenchTranslator.Missing}");
        }

        return FaqMatcher.Build(read.File!.Entries, FaqMatchThresholds.Default with { AnswerFrom = answerFrom }, embedder);
    }

    private static async Task ReportAsync(string path, IReadOnlyList<string> errors)
    {
        await Console.Error.WriteLineAsync($"supportbot: {path} is not a valid knowledge base:");
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"  {error}");
        }
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
