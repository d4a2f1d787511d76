using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SupportBot.IntegrationTests.Foundation;

/// <summary>
/// Hangfire keeps its job activator in a static; two hosts in one process (tests, a bot beside a
/// worker) must each build jobs from their own services, or one host's server runs the other's
/// jobs against the wrong database (or a disposed container).
/// </summary>
public sealed class HangfireHostIsolationTests : IAsyncLifetime
{
    private readonly FreshDatabase first = new();
    private readonly FreshDatabase second = new();

    public async Task InitializeAsync()
    {
        await first.InitializeAsync();
        await second.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task Each_host_activates_jobs_from_its_own_services_after_another_host_configured_Hangfire()
    {
        var settings = new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" };
        await using var a = new BotHost(first.ConnectionString, settings);
        _ = a.Services.GetRequiredService<IGlobalConfiguration>();
        await using var b = new BotHost(second.ConnectionString, settings);
        _ = b.Services.GetRequiredService<IGlobalConfiguration>(); // sets the static activator to b's

        using var scope = a.Services.GetRequiredService<JobActivator>().BeginScope((JobActivatorContext)null!);
        var dataSourceSeenByAJobs = (NpgsqlDataSource)scope.Resolve(typeof(NpgsqlDataSource));

        Assert.Same(a.Services.GetRequiredService<NpgsqlDataSource>(), dataSourceSeenByAJobs);
        Assert.NotSame(b.Services.GetRequiredService<NpgsqlDataSource>(), dataSourceSeenByAJobs);
        Assert.Contains(first.Name, dataSourceSeenByAJobs.ConnectionString, StringComparison.Ordinal);
    }
}
