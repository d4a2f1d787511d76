using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace SupportBot.Bot.Hosting.KeyRing;

/// <summary>
/// Data Protection's keys in PostgreSQL (table data_protection_keys): the framework asks for them
/// at start and about once a day, and adds one when it rotates (every 90 days), so synchronous calls
/// are what its interface wants and cost nothing noticeable.
/// </summary>
internal sealed class PostgresKeyRing(NpgsqlDataSource db) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var c = db.OpenConnection();
        return [.. c.Query<string>("SELECT xml FROM supportbot.data_protection_keys ORDER BY created_at, friendly_name").Select(XElement.Parse)];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        using var c = db.OpenConnection();
        c.Execute("""
            INSERT INTO supportbot.data_protection_keys (friendly_name, xml) VALUES (@friendlyName, @xml)
            ON CONFLICT (friendly_name) DO NOTHING
            """, new { friendlyName, xml = element.ToString(SaveOptions.DisableFormatting) });
    }
}
