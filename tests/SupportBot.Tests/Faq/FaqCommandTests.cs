using System.Text.Json;
using SupportBot.Cli;

namespace SupportBot.Tests.Faq;

/// <summary>Tests that swap Console.In/Out; they must not run beside other tests writing to the console.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

[Collection(nameof(ConsoleCollection))]
public sealed class FaqCommandTests
{
    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(string stdin, params string[] args)
    {
        var (input, output, error) = (Console.In, Console.Out, Console.Error);
        using var inWriter = new StringReader(stdin);
        using var outWriter = new StringWriter();
        using var errorWriter = new StringWriter();
        Console.SetIn(inWriter);
        Console.SetOut(outWriter);
        Console.SetError(errorWriter);
        try
        {
            var exitCode = await CliProgram.CreateRoot().Parse(args).InvokeAsync();
            return (exitCode, outWriter.ToString(), errorWriter.ToString());
        }
        finally
        {
            Console.SetIn(input);
            Console.SetOut(output);
            Console.SetError(error);
        }
    }

    [Fact]
    public async Task Match_writes_one_json_line_per_input_line_in_order()
    {
        var (exitCode, stdout, _) = await RunAsync("mot de passe oublié\n\nquel temps fait-il ?\ncertificat\n", "faq", "match", "--kb", DemoKnowledgeBase.FilePath);

        Assert.Equal(0, exitCode);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal("password-reset", lines[0].GetProperty("id").GetString());
        Assert.True(lines[0].GetProperty("score").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Null, lines[1].GetProperty("id").ValueKind);
        Assert.Equal(0, lines[1].GetProperty("alternatives").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, lines[2].GetProperty("id").ValueKind);
        Assert.Equal(JsonValueKind.Null, lines[3].GetProperty("id").ValueKind);
        Assert.Equal(2, lines[3].GetProperty("alternatives").GetArrayLength());
    }

    [Theory]
    [InlineData(new string[0], "video-not-playing")]
    [InlineData(new[] { "--embeddings", "false" }, null)]
    [InlineData(new[] { "--answer-from", "0.99" }, null)] // a stricter band, as Faq:Embeddings:AnswerFrom: the same entry as a button
    public async Task Match_reads_meanings_by_default_as_the_bot_does(string[] options, string? expected)
    {
        // Words alone only suggest this entry; words and meaning together answer it (the learned band, AnswerConfidence).
        var (exitCode, stdout, _) = await RunAsync("is the lecture video stuck on a dark screen for anyone else\n", ["faq", "match", "--kb", DemoKnowledgeBase.FilePath, .. options]);

        Assert.Equal(0, exitCode);
        var line = JsonDocument.Parse(stdout.Trim()).RootElement;
        Assert.Equal(expected, line.GetProperty("id").GetString());
        Assert.Equal(expected is null ? ["video-not-playing"] : [], line.GetProperty("alternatives").EnumerateArray().Select(a => a.GetString()).ToArray());
    }

    [Fact]
    public async Task Match_refuses_a_broken_knowledge_base_and_says_why()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kb-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, """{"entries": [{"id": "wifi", "topic": "t", "questions": {"fr": ["a"], "en": ["b"]}, "answer": {"fr": "c"}}]}""");
        try
        {
            var (exitCode, stdout, stderr) = await RunAsync("wifi\n", "faq", "match", "--kb", path);

            Assert.NotEqual(0, exitCode);
            Assert.Empty(stdout);
            Assert.Contains("entries[0] (id \"wifi\"): answer.en is missing", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("""{"entries": []}""", "entries is empty: nothing imported")]
    [InlineData("""{"entries": [{"id": "wifi"}]}""", "entries[0] (id \"wifi\"): topic is missing")]
    public async Task Import_refuses_an_empty_or_broken_file_before_touching_the_database(string json, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kb-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, json);
        try
        {
            var (exitCode, _, stderr) = await RunAsync("", "faq", "import", "--file", path);

            Assert.Equal(2, exitCode);
            Assert.Contains(expected, stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("0.2")]
    public async Task Match_refuses_an_answer_chance_outside_its_range_and_says_so(string answerFrom)
    {
        var (exitCode, stdout, stderr) = await RunAsync("mot de passe oublié\n", "faq", "match", "--kb", DemoKnowledgeBase.FilePath, "--answer-from", answerFrom);

        Assert.NotEqual(0, exitCode);
        Assert.DoesNotContain("\"id\":", stdout, StringComparison.Ordinal); // no match line: usage only
        Assert.Contains("--answer-from must be a chance between 0.5 and 0.99.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_reports_the_three_shares()
    {
        var (exitCode, stdout, _) = await RunAsync("", "faq", "evaluate", "--kb", DemoKnowledgeBase.FilePath, "--queries", DemoKnowledgeBase.DevQueriesPath);

        Assert.Equal(0, exitCode);
        Assert.Contains("answerable right", stdout, StringComparison.Ordinal);
        Assert.Contains("out-of-scope abstained", stdout, StringComparison.Ordinal);
        Assert.Contains("overall", stdout, StringComparison.Ordinal);
    }
}
