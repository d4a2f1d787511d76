using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using SupportBot.Cli;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Faq;

public sealed class FaqStoreTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private static readonly string DemoFile = Path.Combine(TestServices.RepositoryRoot, "demo", "demo-kb.json");

    private static KnowledgeBaseFile Demo => KnowledgeBaseFile.Load(DemoFile).File!;

    [Fact]
    public async Task An_import_failing_on_an_entry_in_the_middle_changes_nothing()
    {
        var store = new FaqStore(db.DataSource);
        await store.ReplaceAllAsync(Demo.Entries.Take(3).ToList(), CancellationToken.None);
        var entries = Demo.Entries.ToList();
        entries[18] = entries[18] with { Module = "no-such-module" };

        var failure = await Assert.ThrowsAsync<PostgresException>(() => store.ReplaceAllAsync(entries, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, failure.SqlState);
        Assert.Equal(Demo.Entries.Take(3).Select(e => e.Id).Order(StringComparer.Ordinal), (await store.LoadAllAsync(CancellationToken.None)).Select(e => e.Id));
    }

    [Fact]
    public async Task Keywords_are_stored_with_their_entry_and_an_entry_without_keeps_none()
    {
        var store = new FaqStore(db.DataSource);
        var entries = Demo.Entries.Take(2).ToList();
        entries[0] = entries[0] with { Keywords = ["Moodle", "ENT"] };

        await store.UpsertManyAsync(entries, CancellationToken.None);

        var loaded = (await store.LoadAllAsync(CancellationToken.None)).ToDictionary(e => e.Id);
        Assert.Equal(["Moodle", "ENT"], loaded[entries[0].Id].KeywordList);
        Assert.Null(loaded[entries[1].Id].Keywords);
    }

    [Fact]
    public async Task Importing_then_exporting_gives_back_the_file()
    {
        var exported = Path.Combine(Path.GetTempPath(), $"kb-{Guid.NewGuid():N}.json");
        try
        {
            var (import, importErrors) = await SupportbotAsync("faq", "import", "--file", DemoFile);
            var (export, exportErrors) = await SupportbotAsync("faq", "export", "--file", exported);

            Assert.True(import == 0, importErrors);
            Assert.True(export == 0, exportErrors);
            var back = KnowledgeBaseFile.Load(exported);
            Assert.True(back.IsValid, string.Join("\n", back.Errors));
            // The database keeps entries, not the file's name or order: compare them in id order.
            var expected = new KnowledgeBaseFile(null, Demo.Entries.OrderBy(e => e.Id, StringComparer.Ordinal).ToList()).ToJson();
            Assert.Equal(expected, await File.ReadAllTextAsync(exported));
        }
        finally
        {
            File.Delete(exported);
        }
    }

    [Fact]
    public async Task The_import_command_refuses_a_file_with_a_broken_entry_names_it_and_imports_nothing()
    {
        var store = new FaqStore(db.DataSource);
        await store.ReplaceAllAsync(Demo.Entries.Take(2).ToList(), CancellationToken.None);
        var broken = Path.Combine(Path.GetTempPath(), $"kb-{Guid.NewGuid():N}.json");
        var json = JsonNode.Parse(await File.ReadAllTextAsync(DemoFile))!;
        json["entries"]![18]!["answer"]!.AsObject().Remove("en");
        await File.WriteAllTextAsync(broken, json.ToJsonString());
        try
        {
            var (exit, errors) = await SupportbotAsync("faq", "import", "--file", broken);

            Assert.NotEqual(0, exit);
            Assert.Contains("entries[18] (id \"withdraw-course\"): answer.en is missing", errors, StringComparison.Ordinal);
            await using var c = await db.DataSource.OpenConnectionAsync();
            Assert.Equal(2, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.knowledge_entries"));
        }
        finally
        {
            File.Delete(broken);
        }
    }

    [Fact]
    public async Task A_base_written_in_french_only_imports_exports_as_written_and_answers_an_english_learner_in_french_saying_so()
    {
        // A French university's base, as its course team writes it: no English at all.
        var file = Path.Combine(Path.GetTempPath(), $"kb-{Guid.NewGuid():N}.json");
        var exported = Path.Combine(Path.GetTempPath(), $"kb-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """
            {"name": "Université, en français", "entries": [
              {"id": "mdp", "topic": "compte", "questions": {"fr": ["J'ai oublié mon mot de passe", "Comment réinitialiser mon mot de passe ?"]},
               "answer": {"fr": "Cliquez sur « Mot de passe oublié » sur la page de connexion de l'ENT."}},
              {"id": "depot", "topic": "devoirs", "questions": {"fr": ["Comment déposer mon devoir ?"]}, "answer": {"fr": "Dans l'onglet Devoirs du cours, bouton « Déposer »."}}
            ]}
            """);
        try
        {
            var (import, importErrors) = await SupportbotAsync("faq", "import", "--file", file);
            var (export, exportErrors) = await SupportbotAsync("faq", "export", "--file", exported);

            Assert.True(import == 0, importErrors);
            Assert.True(export == 0, exportErrors);
            var back = await File.ReadAllTextAsync(exported);
            Assert.True(KnowledgeBaseFile.Parse(back).IsValid, back);
            Assert.DoesNotContain("\"en\"", back, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
            File.Delete(exported);
        }

        await using var host = new BotHost(db.ConnectionString);
        var tom = await WebChatLearner.OpenAsync(host, new LearnerIdentity("learner-tom", "Tom Wilson", "tom.wilson@example.test", null, "en", "Europe/London"));
        await tom.SaysAsync("I forgot my password");
        var answer = Assert.Single(await tom.BotMessagesAsync());
        Assert.Equal(
            "**J'ai oublié mon mot de passe**\n\n_(This answer is only written in French.)_\n\nCliquez sur « Mot de passe oublié » sur la page de connexion de l'ENT.",
            answer.GetProperty("text").GetString());
        Assert.Equal(["This helped", "Not quite"], answer.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()));

        var marc = await WebChatLearner.OpenAsync(host, new LearnerIdentity("learner-marc", "Marc Jean-Baptiste", "marc.jb@example.test", null, "fr", "America/Martinique"));
        await marc.SaysAsync("comment je dépose mon devoir ?");
        Assert.Equal("**Comment déposer mon devoir ?**\n\nDans l'onglet Devoirs du cours, bouton « Déposer ».", Assert.Single(await marc.BotMessagesAsync()).GetProperty("text").GetString());
    }

    /// <summary>Runs `supportbot` against this class's database; the commands write their errors to the console.</summary>
    private async Task<(int Exit, string Errors)> SupportbotAsync(params string[] command)
    {
        string[] args = [.. command, .. TestServices.HostSettings(db.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];
        var errors = new StringWriter();
        var console = Console.Error;
        Console.SetError(errors);
        try
        {
            var exit = await CliProgram.CreateRoot().Parse(args).InvokeAsync(new() { Error = errors });
            return (exit, errors.ToString());
        }
        finally
        {
            Console.SetError(console);
        }
    }
}
