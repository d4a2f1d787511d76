using System.Data;
using System.Runtime.CompilerServices;
using Dapper;

namespace SupportBot.Shared.Data;

/// <summary>
/// Npgsql reads timestamptz as a UTC DateTime and refuses to write a DateTimeOffset whose offset is
/// not zero; Dapper maps neither on its own, so records with DateTimeOffset members (a stored
/// conversation reference's LastSeenAt) could not be read. Read as UTC, write as UTC.
/// </summary>
internal static class DapperDateTimeOffset
{
#pragma warning disable CA2255 // Registered once when Shared loads, so no store or test can forget it.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => SqlMapper.AddTypeHandler(new Handler());

    private sealed class Handler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            parameter.DbType = DbType.DateTimeOffset;
            parameter.Value = value.ToUniversalTime();
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d,
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            _ => throw new DataException($"Cannot read {value.GetType()} as a point in time"),
        };
    }
}
