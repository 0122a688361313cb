using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Orchestrator.Cortex.Snowflake;

/// <summary>The SQL API of a Snowflake account: submit, poll, fetch partitions, cancel.</summary>
public sealed class SnowflakeSqlClient(SnowflakeHttpSender sender, IOptions<SnowflakeOptions> options, TimeProvider time)
{
    private const string Json = "application/json";

    /// <summary>
    /// Submits a statement request (the SQL API's JSON body). Role, warehouse, database and schema
    /// default to the configured ones when the request names none. A fresh <c>requestId</c> makes
    /// retries idempotent; a caller's own <paramref name="requestId"/> is kept, so the caller's
    /// retries through the gateway stay idempotent too. The response is returned as Snowflake sent it, body unread.
    /// </summary>
    public Task<HttpResponseMessage> SubmitAsync(JsonObject body, bool async, bool? nullable, CancellationToken cancellationToken, Guid? requestId = null, bool retry = false)
    {
        ArgumentNullException.ThrowIfNull(body);
        var request = (JsonObject)body.DeepClone();
        var settings = options.Value;
        SetDefault(request, "role", settings.Role);
        SetDefault(request, "warehouse", settings.Warehouse);
        SetDefault(request, "database", settings.Database);
        SetDefault(request, "schema", settings.Schema);
        var query = $"/api/v2/statements?requestId={requestId ?? Guid.NewGuid()}";
        query += retry && requestId is not null ? "&retry=true" : string.Empty;
        query += async ? "&async=true" : string.Empty;
        query += nullable is { } n ? $"&nullable={(n ? "true" : "false")}" : string.Empty;
        return sender.SendAsync(HttpMethod.Post, query, JsonSerializer.SerializeToUtf8Bytes(request), Json, cancellationToken);
    }

    /// <summary>Gets the status of a statement, or a partition of its result.</summary>
    public Task<HttpResponseMessage> GetAsync(string statementHandle, long? partition, CancellationToken cancellationToken) =>
        sender.SendAsync(HttpMethod.Get, $"/api/v2/statements/{Uri.EscapeDataString(statementHandle)}" + (partition is { } p ? $"?partition={p}" : string.Empty), null, Json, cancellationToken);

    /// <summary>Cancels a running statement.</summary>
    public Task<HttpResponseMessage> CancelAsync(string statementHandle, CancellationToken cancellationToken) =>
        sender.SendAsync(HttpMethod.Post, $"/api/v2/statements/{Uri.EscapeDataString(statementHandle)}/cancel?requestId={Guid.NewGuid()}", null, Json, cancellationToken);

    /// <summary>
    /// Runs a query to completion and streams its rows, partition by partition, so at most one
    /// partition is held in memory however long the result.
    /// </summary>
    /// <exception cref="SnowflakeException">Snowflake refused or failed the statement.</exception>
    public async Task<SnowflakeQueryResult> QueryAsync(JsonObject body, CancellationToken cancellationToken)
    {
        using var first = await SubmitAsync(body, async: false, nullable: true, cancellationToken);
        var document = await ReadCompletedAsync(first, cancellationToken);
        var root = document.RootElement;
        var handle = root.GetProperty("statementHandle").GetString()!;
        var meta = root.GetProperty("resultSetMetaData");
        var columns = meta.GetProperty("rowType").EnumerateArray()
            .Select(c => new SnowflakeColumn(c.GetProperty("name").GetString()!, c.GetProperty("type").GetString()!))
            .ToList();
        var partitions = meta.TryGetProperty("partitionInfo", out var info) ? info.GetArrayLength() : 1;
        var numRows = meta.TryGetProperty("numRows", out var n) ? n.GetInt64() : -1;
        return new SnowflakeQueryResult(handle, columns, numRows, partitions, ReadRowsAsync(document, handle, partitions, cancellationToken));
    }

    private async IAsyncEnumerable<string?[]> ReadRowsAsync(JsonDocument firstPartition, string handle, int partitions, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using (firstPartition)
        {
            foreach (var row in Rows(firstPartition.RootElement))
            {
                yield return row;
            }
        }

        for (var partition = 1; partition < partitions; partition++)
        {
            using var response = await GetAsync(handle, partition, cancellationToken);
            using var document = await ReadCompletedAsync(response, cancellationToken);
            foreach (var row in Rows(document.RootElement))
            {
                yield return row;
            }
        }
    }

    private static IEnumerable<string?[]> Rows(JsonElement root)
    {
        if (!root.TryGetProperty("data", out var data))
        {
            yield break;
        }

        foreach (var row in data.EnumerateArray())
        {
            var cells = new string?[row.GetArrayLength()];
            var i = 0;
            foreach (var cell in row.EnumerateArray())
            {
                cells[i++] = cell.ValueKind == JsonValueKind.Null ? null : cell.GetString();
            }

            yield return cells;
        }
    }

    // A statement still running (202) is polled with its status URL until it has a result.
    private async Task<JsonDocument> ReadCompletedAsync(HttpResponseMessage first, CancellationToken cancellationToken)
    {
        var response = first;
        var delay = TimeSpan.FromMilliseconds(250);
        try
        {
            while (true)
            {
                var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return document;
                }

                string handle;
                using (document)
                {
                    if (response.StatusCode != HttpStatusCode.Accepted)
                    {
                        throw SnowflakeException.From(response.StatusCode, document.RootElement);
                    }

                    handle = document.RootElement.GetProperty("statementHandle").GetString() ?? throw new SnowflakeException("Snowflake answered 202 without a statement handle.");
                }

                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
                if (!ReferenceEquals(response, first))
                {
                    response.Dispose();
                }

                response = await GetAsync(handle, null, cancellationToken);
            }
        }
        finally
        {
            if (!ReferenceEquals(response, first))
            {
                response.Dispose();
            }
        }
    }

    private static void SetDefault(JsonObject request, string property, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && request[property] is null)
        {
            request[property] = value;
        }
    }
}

/// <summary>A column of a Snowflake result: its name and Snowflake type (FIXED, TEXT, DATE, …).</summary>
public sealed record SnowflakeColumn(string Name, string Type);

/// <summary>A query result whose rows are read lazily, one partition at a time.</summary>
public sealed record SnowflakeQueryResult(string StatementHandle, IReadOnlyList<SnowflakeColumn> Columns, long NumRows, int Partitions, IAsyncEnumerable<string?[]> Rows);
