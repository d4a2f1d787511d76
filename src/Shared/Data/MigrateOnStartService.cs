using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Data;

/// <summary>Migrates before other hosted services start, when Database:MigrateOnStart is set.</summary>
internal sealed class MigrateOnStartService(IOptions<DatabaseOptions> options, DatabaseMigrator migrator) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart)
        {
            migrator.Migrate();
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
