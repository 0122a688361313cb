using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace Orchestrator.Cortex.Sql;

/// <summary>A SQL text rewritten for PostgreSQL with its bind values.</summary>
public sealed record BoundStatement(string Sql, IReadOnlyList<NpgsqlParameter> Parameters);

/// <summary>
/// Turns a SQL API statement with Snowflake bind placeholders (<c>?</c> in order, or <c>:1</c>,
/// <c>:2</c>…) and its <c>bindings</c> object (<c>{"1": {"type": "FIXED", "value": "123"}}</c>) into
/// PostgreSQL's positional parameters (<c>$1</c>…). Placeholders are found with the tokenizer, so a
/// '?' inside a string literal stays text.
/// </summary>
public static class SnowflakeBindings
{
    /// <summary>Rewrites <paramref name="sql"/> and converts <paramref name="bindings"/> (may be null when there are no placeholders).</summary>
    /// <exception cref="SqlBindingException">A placeholder has no binding, or a value does not fit its type.</exception>
    public static BoundStatement Bind(string sql, JsonElement? bindings)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var tokens = SqlTokenizer.Tokenize(sql);
        var text = new StringBuilder(sql.Length);
        var used = new SortedSet<int>();
        var cursor = 0;
        var next = 0;
        foreach (var token in tokens.Where(t => t.Kind == SqlTokenKind.Placeholder))
        {
            var index = token.Value switch
            {
                "?" => ++next,
                _ when token.Value[0] is ':' or '$' && int.TryParse(token.Value.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 => n,
                _ => throw new SqlBindingException($"Named bind variable '{token.Value}' is not supported; use ? or :1, :2, …"),
            };
            used.Add(index);
            text.Append(sql, cursor, token.Position - cursor).Append('$').Append(index.ToString(CultureInfo.InvariantCulture));
            cursor = token.Position + token.Length;
        }

        text.Append(sql, cursor, sql.Length - cursor);
        var parameters = new List<NpgsqlParameter>();
        for (var i = 1; i <= (used.Count == 0 ? 0 : used.Max); i++)
        {
            if (bindings is not { ValueKind: JsonValueKind.Object } b || !b.TryGetProperty(i.ToString(CultureInfo.InvariantCulture), out var binding))
            {
                throw new SqlBindingException($"Bind variable {i} has no value in bindings.");
            }

            parameters.Add(new NpgsqlParameter { Value = Convert(i, binding) });
        }

        return new BoundStatement(text.ToString(), parameters);
    }

    private static object Convert(int index, JsonElement binding)
    {
        var type = binding.TryGetProperty("type", out var t) ? t.GetString()?.ToUpperInvariant() : null;
        if (!binding.TryGetProperty("value", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return DBNull.Value;
        }

        var value = v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText();
        try
        {
            return type switch
            {
                "FIXED" => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? whole : decimal.Parse(value, NumberStyles.Number, CultureInfo.InvariantCulture),
                "REAL" => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
                "TEXT" => value,
                "BOOLEAN" => bool.Parse(value),
                "DATE" => DateOnly.Parse(value, CultureInfo.InvariantCulture),
                "TIME" => TimeOnly.Parse(value, CultureInfo.InvariantCulture),
                "TIMESTAMP_NTZ" => DateTime.SpecifyKind(DateTime.Parse(value, CultureInfo.InvariantCulture), DateTimeKind.Unspecified),
                "TIMESTAMP_LTZ" or "TIMESTAMP_TZ" => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).UtcDateTime,
                _ => throw new SqlBindingException($"Bind variable {index} has unsupported type '{type}'."),
            };
        }
        catch (FormatException ex)
        {
            throw new SqlBindingException($"Bind variable {index} value '{value}' is not a valid {type}.", ex);
        }
    }
}

/// <summary>Bind variables that do not match the statement.</summary>
public sealed class SqlBindingException : Exception
{
    public SqlBindingException() { }

    public SqlBindingException(string message) : base(message) { }

    public SqlBindingException(string message, Exception innerException) : base(message, innerException) { }
}
