using System.Text.Json.Serialization;

namespace Orchestrator.Graph.Cortex;

/// <summary>
/// A typed client of the Cortex gateway's Snowflake dialect. It speaks the same paths and shapes
/// whether the gateway is backed by Snowflake or by the local warehouse.
/// </summary>
public sealed class CortexClient(HttpClient http)
{
    /// <summary>Runs one statement through the SQL API and returns its rows as strings.</summary>
    /// <exception cref="CortexStatementException">The warehouse refused the statement (HTTP 422).</exception>
    public async Task<StatementResult> ExecuteStatementAsync(string statement, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/v2/statements", new { statement, timeout = 30 }, cancellationToken);
        if (response.StatusCode == System.Net.HttpStatusCode.UnprocessableEntity)
        {
            var failure = await response.Content.ReadFromJsonAsync<FailureBody>(cancellationToken);
            throw new CortexStatementException(failure?.Message ?? "The warehouse refused the statement.", failure?.SqlState);
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<ResultSetBody>(cancellationToken)
            ?? throw new InvalidOperationException("Cortex returned an empty result set.");
        return new StatementResult(body.ResultSetMetaData.RowType.Select(c => c.Name).ToList(), body.Data);
    }

    private sealed record FailureBody([property: JsonPropertyName("message")] string? Message, [property: JsonPropertyName("sqlState")] string? SqlState);

    private sealed record ResultSetBody(
        [property: JsonPropertyName("resultSetMetaData")] MetaDataBody ResultSetMetaData,
        [property: JsonPropertyName("data")] IReadOnlyList<string?[]> Data);

    private sealed record MetaDataBody([property: JsonPropertyName("rowType")] IReadOnlyList<ColumnBody> RowType);

    private sealed record ColumnBody([property: JsonPropertyName("name")] string Name);
}

/// <summary>Column names and rows of a statement's result.</summary>
public sealed record StatementResult(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows);

/// <summary>The warehouse refused a statement; the message is Snowflake's (or PostgreSQL's) own.</summary>
public sealed class CortexStatementException(string message, string? sqlState) : Exception(message)
{
    public string? SqlState { get; } = sqlState;
}
