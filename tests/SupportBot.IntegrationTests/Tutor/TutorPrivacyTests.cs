using System.Text.Json;
using Dapper;
using SupportBot.Cli;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Tutor;

public sealed class TutorPrivacyTests : IClassFixture<FreshDatabase>
{
    private readonly FreshDatabase db;

    public TutorPrivacyTests(FreshDatabase db) => this.db = db;

    [Fact]
    public async Task The_cli_exports_a_learner_then_erases_them_keeping_their_questions_anonymised()
    {
        Assert.Equal(0, await RunAsync("seed-demo", "--dir", Path.Combine(TestServices.RepositoryRoot, "demo")));
        Assert.Equal(0, await RunAsync("seed-demo", "--dir", Path.Combine(TestServices.RepositoryRoot, "demo")));
        var output = new StringWriter();
        Assert.Equal(0, await RunAsync(output, "learner", "export", "--id", "learner-lea"));
        var export = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal("Léa Dubois", export.GetProperty("person")[0].GetProperty("display_name").GetString());
        var asked = export.GetProperty("questions").GetArrayLength();
        Assert.True(asked > 0);

        Assert.Equal(0, await RunAsync("learner", "erase", "--id", "learner-lea"));

        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.people WHERE display_name = 'Léa Dubois' OR external_id = 'learner-lea'"));
        Assert.Equal(asked, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.questions WHERE asker_id IS NULL AND text = '[erased]'"));
        Assert.Equal(1, await RunAsync("learner", "export", "--id", "learner-lea"));
        Assert.Equal(12, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.questions"));
    }

    private Task<int> RunAsync(params string[] args) => RunAsync(new StringWriter(), args);

    private async Task<int> RunAsync(StringWriter output, params string[] args)
    {
        string[] all = [.. args, .. TestServices.HostSettings(db.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];
        var error = new StringWriter();
        var code = await CliProgram.CreateRoot().Parse(all).InvokeAsync(new() { Output = output, Error = error });
        Console.Error.WriteLine(error.ToString());
        return code;
    }
}
