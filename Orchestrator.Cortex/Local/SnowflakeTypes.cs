using System.Globalization;
using Npgsql;
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
            "time without time zone" => new(name, "TIME", 0, 0, 9, nullable),
            "bytea" => new(name, "BINARY", 8_388_608, 0, 0, nullable),
            "json" or "jsonb" => new(name, "VARIANT", 16_777_216, 0, 0, nullable),
            _ when column.DataTypeName.EndsWith("[]", StringComparison.Ordinal) => new(name, "ARRAY", 16_777_216, 0, 0, nullable),
            _ => new(name, "TEXT", column.ColumnSize is > 0 ? column.ColumnSize.Value : 16_777_216, 0, 0, nullable),
        };
    }

    /// <summary>
    /// Reads column <paramref name="ordinal"/> of the current row as a cell. Dates and times are
    /// read by their PostgreSQL type: a <c>date</c> comes back from <c>GetValue</c> as a DateTime,
    /// which would otherwise be encoded as TIMESTAMP seconds instead of DATE days.
    /// </summary>
    public static string? ToCell(NpgsqlDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return reader.GetDataTypeName(ordinal) switch
        {
            "date" => ToCell(reader.GetFieldValue<DateOnly>(ordinal)),
            "time without time zone" => SecondsWithNanos(reader.GetFieldValue<TimeOnly>(ordinal).Ticks),
            "json" or "jsonb" => reader.GetFieldValue<string>(ordinal),
            _ => ToCell(reader.GetValue(ordinal)),
        };
    }

    public static string? ToCell(object value) => value switch
    {
        DBNull => null,
        bool b => b ? "true" : "false",
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        byte[] bytes => Convert.ToHexString(bytes),
        Array array => System.Text.Json.JsonSerializer.Serialize(array),
        DateOnly d => (d.DayNumber - EpochDayNumber).ToString(CultureInfo.InvariantCulture),
        DateTime dt => EpochSeconds(dt),
        DateTimeOffset dto => EpochSeconds(dto.UtcDateTime) + " 1440",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string EpochSeconds(DateTime value) => SecondsWithNanos((value - DateTime.UnixEpoch).Ticks);

    private static string SecondsWithNanos(long ticks)
    {
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }
}
