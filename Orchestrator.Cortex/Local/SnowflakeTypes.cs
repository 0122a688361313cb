using System.Globalization;
using Npgsql.Schema;
using Orchestrator.Cortex.SqlApi;

namespace Orchestrator.Cortex.Local;

/// <summary>
/// Maps PostgreSQL columns and values to the SQL API's types and its jsonv2 cell encoding: every
/// cell a string; DATE as days since the epoch; TIMESTAMP_NTZ as seconds since the epoch with
/// nine fractional digits; BOOLEAN as <c>true</c>/<c>false</c>.
/// </summary>
public static class SnowflakeTypes
{
    private static readonly int EpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    public static ColumnType ToColumnType(NpgsqlDbColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var name = column.ColumnName;
        var nullable = column.AllowDBNull ?? true;
        return column.DataTypeName switch
        {
            "smallint" or "integer" or "bigint" => new(name, "FIXED", 0, 38, 0, nullable),
            "numeric" => new(name, "FIXED", 0, column.NumericPrecision ?? 38, column.NumericScale ?? 0, nullable),
            "real" or "double precision" => new(name, "REAL", 0, 0, 0, nullable),
            "boolean" => new(name, "BOOLEAN", 0, 0, 0, nullable),
            "date" => new(name, "DATE", 0, 0, 0, nullable),
            "timestamp without time zone" => new(name, "TIMESTAMP_NTZ", 0, 0, 9, nullable),
            "timestamp with time zone" => new(name, "TIMESTAMP_TZ", 0, 0, 9, nullable),
            _ => new(name, "TEXT", column.ColumnSize is > 0 ? column.ColumnSize.Value : 16_777_216, 0, 0, nullable),
        };
    }

    public static string? ToCell(object value) => value switch
    {
        DBNull => null,
        bool b => b ? "true" : "false",
        DateOnly d => (d.DayNumber - EpochDayNumber).ToString(CultureInfo.InvariantCulture),
        DateTime dt => EpochSeconds(dt),
        DateTimeOffset dto => EpochSeconds(dto.UtcDateTime) + " 1440",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string EpochSeconds(DateTime value)
    {
        var ticks = (value - DateTime.UnixEpoch).Ticks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }
}
