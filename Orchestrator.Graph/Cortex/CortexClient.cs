using Orchestrator.AI.Embeddings;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// Asks Cortex Analyst for SQL answering <paramref name="question"/> over <paramref name="semanticModelFile"/>.
    /// </summary>
    /// <remarks>With <c>embeddingHint</c> (the question's embedding as an <see cref="EmbeddingHint"/>), Cortex does not embed the question again.</remarks>
    public async Task<AnalystReply> AskAnalystAsync(string question, string semanticModelFile, CancellationToken cancellationToken, string? embeddingHint = null)
    {
        var body = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = question }),
            }),
            ["semantic_model_file"] = semanticModelFile,
        };
        using var response = await PostAsync("/api/v2/cortex/analyst/message", body, embeddingHint, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
            ?? throw new InvalidOperationException("Cortex Analyst returned an empty message.");
        var content = reply["message"]?["content"]?.AsArray() ?? [];
        string? Text(string type, string property) => content.FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?[property]?.GetValue<string>();
        var suggestions = content.FirstOrDefault(c => c?["type"]?.GetValue<string>() == "suggestions")?["suggestions"]?.AsArray()
            .Select(s => s!.GetValue<string>()).ToList() ?? [];
        return new AnalystReply(Text("text", "text"), Text("sql", "statement"), suggestions, reply["request_id"]?.GetValue<string>());
    }

    /// <summary>Queries a Cortex Search service and returns the matching rows' columns as strings.</summary>
    /// <remarks>With <c>embeddingHint</c> (the query's embedding as an <see cref="EmbeddingHint"/>), Cortex does not embed the query again.</remarks>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string?>>> SearchAsync(
        string servicePath, string query, IReadOnlyList<string> columns, int limit, CancellationToken cancellationToken, string? embeddingHint = null)
    {
        var body = new JsonObject
        {
            ["query"] = query,
            ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)c)]),
            ["limit"] = limit,
        };
        using var response = await PostAsync(servicePath, body, embeddingHint, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return reply?["results"]?.AsArray()
            .Select(r => (IReadOnlyDictionary<string, string?>)r!.AsObject().ToDictionary(p => p.Key, p => p.Value?.ToString()))
            .ToList() ?? [];
    }

    private async Task<HttpResponseMessage> PostAsync(string path, JsonObject body, string? embeddingHint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (embeddingHint is not null)
        {
            request.Headers.TryAddWithoutValidation(EmbeddingHint.HeaderName, embeddingHint);
        }

        return await http.SendAsync(request, cancellationToken);
    }

    private sealed record FailureBody([property: JsonPropertyName("message")] string? Message, [property: JsonPropertyName("sqlState")] string? SqlState);

    private sealed record ResultSetBody(
        [property: JsonPropertyName("resultSetMetaData")] MetaDataBody ResultSetMetaData,
        [property: JsonPropertyName("data")] IReadOnlyList<string?[]> Data);

    private sealed record MetaDataBody([property: JsonPropertyName("rowType")] IReadOnlyList<ColumnBody> RowType);

    private sealed record ColumnBody([property: JsonPropertyName("name")] string Name);
}

/// <summary>Cortex Analyst's answer: its explanation, the SQL (null when it could not answer) and suggested questions.</summary>
public sealed record AnalystReply(string? Explanation, string? Sql, IReadOnlyList<string> Suggestions, string? RequestId);

/// <summary>Column names and rows of a statement's result.</summary>
public sealed record StatementResult(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows);

/// <summary>The warehouse refused a statement; the message is Snowflake's (or PostgreSQL's) own.</summary>
public sealed class CortexStatementException(string message, string? sqlState) : Exception(message)
{
    public string? SqlState { get; } = sqlState;
}
