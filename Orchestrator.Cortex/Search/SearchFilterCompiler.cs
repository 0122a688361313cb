using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Orchestrator.Cortex.Search;

/// <summary>
/// Compiles a Cortex Search filter (<c>@eq</c>, <c>@contains</c>, <c>@gte</c>, <c>@lte</c>,
/// <c>@and</c>, <c>@or</c>, <c>@not</c>) into a parameterised SQL condition. Values never reach the
/// SQL text: every one becomes a parameter, and column names come from the service definition.
/// </summary>
public sealed class SearchFilterCompiler(IReadOnlyDictionary<string, SearchColumn> columns)
{
    private const int MaxDepth = 16;
    private readonly List<NpgsqlParameter> _parameters = [];

    /// <summary>The parameters the compiled condition refers to.</summary>
    public IReadOnlyList<NpgsqlParameter> Parameters => _parameters;

    /// <summary>Compiles <paramref name="filter"/>; throws <see cref="SearchRequestException"/> when malformed.</summary>
    public string Compile(JsonElement filter) => Compile(filter, 0);

    private string Compile(JsonElement filter, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new SearchRequestException($"The filter is nested more than {MaxDepth} levels deep.");
        }

        var (op, operand) = Single(filter, "a filter");
        switch (op)
        {
            case "@and":
            case "@or":
                if (operand.ValueKind != JsonValueKind.Array || operand.GetArrayLength() == 0)
                {
                    throw new SearchRequestException($"{op} takes a non-empty array of filters.");
                }

                var parts = operand.EnumerateArray().Select(f => Compile(f, depth + 1));
                return "(" + string.Join(op == "@and" ? " AND " : " OR ", parts) + ")";
            case "@not":
                return "(NOT " + Compile(operand, depth + 1) + ")";
            case "@eq":
            case "@gte":
            case "@lte":
            case "@contains":
                return Comparison(op, operand);
            default:
                throw new SearchRequestException($"Unknown filter operator '{op}'; use @eq, @contains, @gte, @lte, @and, @or or @not.");
        }
    }

    private string Comparison(string op, JsonElement operand)
    {
        var (name, value) = Single(operand, op);
        if (!columns.TryGetValue(name, out var column) || column.Kind == SearchColumnKind.Text)
        {
            throw new SearchRequestException($"{op}: '{name}' is not an attribute column of this search service. Attributes: {string.Join(", ", columns.Values.Where(c => c.Kind != SearchColumnKind.Text).Select(c => c.Name))}.");
        }

        var parameter = "@f" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        switch (op, column.Kind)
        {
            case ("@contains", SearchColumnKind.Array):
                _parameters.Add(new NpgsqlParameter(parameter, NpgsqlDbType.Text) { Value = Text(value, op, name) });
                return $"({parameter} = ANY({column.SqlColumn}))";
            case ("@contains", _):
                throw new SearchRequestException($"@contains applies to array columns; '{name}' is not one (use @eq).");
            case ("@eq", SearchColumnKind.Array):
                throw new SearchRequestException($"'{name}' is an array column; use @contains.");
            case ("@eq", SearchColumnKind.Attribute):
                _parameters.Add(new NpgsqlParameter(parameter, NpgsqlDbType.Text) { Value = Text(value, op, name) });
                return $"({column.SqlColumn} = {parameter})";
            case (_, SearchColumnKind.Number):
                _parameters.Add(new NpgsqlParameter(parameter, NpgsqlDbType.Numeric) { Value = Number(value, op, name) });
                return $"({column.SqlColumn} {Operator(op)} {parameter})";
            case (_, SearchColumnKind.Date):
                _parameters.Add(new NpgsqlParameter(parameter, NpgsqlDbType.Date) { Value = Date(value, op, name) });
                return $"({column.SqlColumn} {Operator(op)} {parameter})";
            default:
                throw new SearchRequestException($"{op} does not apply to the text attribute '{name}'; use @eq.");
        }
    }

    private static string Operator(string op) => op switch { "@gte" => ">=", "@lte" => "<=", _ => "=" };

    private static (string Name, JsonElement Value) Single(JsonElement element, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SearchRequestException($"Expected an object for {what}, found {element.ValueKind}.");
        }

        using var properties = element.EnumerateObject();
        var list = properties.ToList();
        return list.Count == 1
            ? (list[0].Name, list[0].Value)
            : throw new SearchRequestException($"{what} must have exactly one key; found {list.Count}.");
    }

    private static string Text(JsonElement value, string op, string name) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => throw new SearchRequestException($"{op} on '{name}' needs a scalar value."),
    };

    private static decimal Number(JsonElement value, string op, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)
            ? number
            : throw new SearchRequestException($"{op} on '{name}' needs a number.");

    private static DateOnly Date(JsonElement value, string op, string name) =>
        value.ValueKind == JsonValueKind.String && DateOnly.TryParse(value.GetString()!.AsSpan(0, Math.Min(10, value.GetString()!.Length)), CultureInfo.InvariantCulture, out var date)
            ? date
            : throw new SearchRequestException($"{op} on '{name}' needs a date (YYYY-MM-DD).");
}
