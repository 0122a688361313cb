using System.Globalization;
using System.Text.Json;
using Npgsql;
using Npgsql.Schema;

namespace Orchestrator.Cortex.Statements;

/// <summary>A <c>rowType</c> entry of a SQL API result.</summary>
public sealed record SnowflakeRowType(string Name, string Type, long Length, long Precision, long Scale, bool Nullable);

/// <summary>
/// Maps PostgreSQL columns to Snowflake's type names and encodes values the way Snowflake's SQL
/// API (jsonv2) does: numbers in plain decimal notation, DATE as days since the epoch, TIME and
/// TIMESTAMP_NTZ/LTZ as seconds since the epoch (or midnight) with nine fractional digits, BINARY
/// as hex, semi-structured values as JSON text.
/// </summary>
public static class SnowflakeTypes
{
    private const long MaxTextLength = 16_777_216;

    /// <summary>The rowType entry for a result column.</summary>
    public static SnowflakeRowType RowType(NpgsqlDbColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        var name = column.ColumnName.ToUpperInvariant();
        var nullable = column.AllowDBNull ?? true;
        return column.DataTypeName switch
        {
            "smallint" or "integer" or "bigint" => new(name, "FIXED", 0, 38, 0, nullable),
            "numeric" => new(name, "FIXED", 0, column.NumericPrecision ?? 38, column.NumericScale ?? 9, nullable),
            "real" or "double precision" => new(name, "REAL", 0, 0, 0, nullable),
            "boolean" => new(name, "BOOLEAN", 0, 0, 0, nullable),
            "date" => new(name, "DATE", 0, 0, 0, nullable),
            "timestamp without time zone" => new(name, "TIMESTAMP_NTZ", 0, 0, 9, nullable),
            "timestamp with time zone" => new(name, "TIMESTAMP_LTZ", 0, 0, 9, nullable),
            "time without time zone" => new(name, "TIME", 0, 0, 9, nullable),
            "bytea" => new(name, "BINARY", 8_388_608, 0, 0, nullable),
            "json" or "jsonb" => new(name, "VARIANT", MaxTextLength, 0, 0, nullable),
            _ when column.DataTypeName.EndsWith("[]", StringComparison.Ordinal) => new(name, "ARRAY", MaxTextLength, 0, 0, nullable),
            _ => new(name, "TEXT", column.ColumnSize is > 0 and var size ? size : MaxTextLength, 0, 0, nullable),
        };
    }

    /// <summary>The jsonv2 cell for a value read from PostgreSQL (null for SQL NULL).</summary>
    public static string? Cell(object value) => value switch
    {
        DBNull => null,
        string s => s,
        bool b => b ? "true" : "false",
        short or int or long => System.Convert.ToString(value, CultureInfo.InvariantCulture),
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateOnly date => (date.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber).ToString(CultureInfo.InvariantCulture),
        DateTime dt => EpochSeconds(dt.Ticks - DateTime.UnixEpoch.Ticks),
        DateTimeOffset dto => EpochSeconds(dto.UtcTicks - DateTime.UnixEpoch.Ticks),
        TimeOnly time => EpochSeconds(time.Ticks),
        TimeSpan span => EpochSeconds(span.Ticks),
        byte[] bytes => System.Convert.ToHexString(bytes),
        Array array => JsonSerializer.Serialize(array),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>Reads column <paramref name="ordinal"/> of the current row as a jsonv2 cell.</summary>
    public static string? Cell(NpgsqlDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return reader.GetDataTypeName(ordinal) switch
        {
            "date" => Cell(reader.GetFieldValue<DateOnly>(ordinal)),
            "time without time zone" => Cell(reader.GetFieldValue<TimeOnly>(ordinal)),
            "json" or "jsonb" => reader.GetString(ordinal),
            _ => Cell(reader.GetValue(ordinal)),
        };
    }

    private static string EpochSeconds(long ticks)
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
