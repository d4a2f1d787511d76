using System.Data;
using System.Runtime.CompilerServices;
using Dapper;

namespace SupportBot.Shared.Data;

/// <summary>
/// Dapper does not map DateOnly/TimeOnly, while Npgsql maps them to date/time natively: pass them
/// through as they are, and read back whichever CLR type Npgsql returns.
/// </summary>
internal static class DapperDateAndTime
{
#pragma warning disable CA2255 // Registered once when Shared loads, so no store or test can forget it.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register()
    {
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
        SqlMapper.AddTypeHandler(new TimeOnlyHandler());
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            parameter.DbType = DbType.Date;
            parameter.Value = value;
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            _ => throw new DataException($"Cannot read {value.GetType()} as a date"),
        };
    }

    private sealed class TimeOnlyHandler : SqlMapper.TypeHandler<TimeOnly>
    {
        public override void SetValue(IDbDataParameter parameter, TimeOnly value)
        {
            parameter.DbType = DbType.Time;
            parameter.Value = value;
        }

        public override TimeOnly Parse(object value) => value switch
        {
            TimeOnly t => t,
            TimeSpan ts => TimeOnly.FromTimeSpan(ts),
            _ => throw new DataException($"Cannot read {value.GetType()} as a time of day"),
        };
    }
}
