using Hangfire.PostgreSql;
using Npgsql;

namespace SupportBot.Jobs.Hosting;

/// <summary>Hangfire's connections to the product database, from the pool like every other connection.</summary>
internal sealed class HangfireConnections(string connectionString) : IConnectionFactory
{
    public NpgsqlConnection GetOrCreateConnection() => new(connectionString);
}
