using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Data;

public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>Npgsql connection string of the one database holding schemas supportbot and hangfire.</summary>
    [Required(ErrorMessage = "is required (an Npgsql connection string, e.g. Host=127.0.0.1;Port=5432;Database=supportbot;Username=postgres)")]
    public string ConnectionString { get; set; } = "";

    /// <summary>Run pending migrations when a host starts (development); production runs `supportbot migrate`.</summary>
    public bool MigrateOnStart { get; set; }
}
