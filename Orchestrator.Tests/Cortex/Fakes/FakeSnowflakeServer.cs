using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Tests.Cortex.Fakes;

/// <summary>A request the fake received, for assertions.</summary>
public sealed record FakeSnowflakeRequest(string Method, string Path, string Query, string? TokenType, string? UserAgent, string? Subject, int Status);

/// <summary>
/// A strict stand-in for a Snowflake account on 127.0.0.1: it authenticates every request
/// (<see cref="FakeSnowflakeAuthenticator"/>), insists on a User-Agent, and answers the SQL API and
/// the Cortex endpoints from fixtures shaped by Snowflake's OpenAPI specifications.
/// </summary>
public sealed class FakeSnowflakeServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeResult> _results = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeStatement> _statements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _handlesByRequestId = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<int> _failures = new();
    private readonly Dictionary<string, Func<JsonObject, IResult>> _cortex = new(StringComparer.Ordinal);

    private FakeSnowflakeServer(WebApplication app) => _app = app;

    /// <summary>The account's base URL.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The fake's authentication, where tests register keys and tokens.</summary>
    public FakeSnowflakeAuthenticator Auth { get; } = new();

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<FakeSnowflakeRequest> Requests { get; } = new();

    /// <summary>How many times each statement text was executed (retries with the same requestId do not count).</summary>
    public ConcurrentDictionary<string, int> Executions { get; } = new(StringComparer.Ordinal);

    /// <summary>The rows per result partition.</summary>
    public int PartitionSize { get; set; } = 1000;

    /// <summary>Statements that answer 202 this many times before completing.</summary>
    public int PendingPolls { get; set; }

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FakeSnowflakeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeSnowflakeServer(app);
        fake.Map();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Urls.First();
        fake.BaseUrl = new Uri(address + "/");
        return fake;
    }

    /// <summary>Makes <paramref name="statement"/> return these columns (name, Snowflake type) and rows.</summary>
    public void AddResult(string statement, (string Name, string Type)[] columns, IReadOnlyList<string?[]> rows) =>
        _results[statement] = new FakeResult(columns, rows);

    /// <summary>Answers the next requests with these statuses (429, 503, 504, …) before serving normally.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _failures.Enqueue(status);
        }
    }

    /// <summary>Answers a Cortex endpoint (e.g. <c>/api/v2/cortex/analyst/message</c>) with a handler.</summary>
    public void OnCortex(string path, Func<JsonObject, IResult> handler) => _cortex[path] = handler;

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            var request = context.Request;
            var userAgent = request.Headers.UserAgent.ToString();
            var tokenType = request.Headers["X-Snowflake-Authorization-Token-Type"].ToString();
            string? subject = null;
            IResult? refusal = null;
            if (string.IsNullOrWhiteSpace(userAgent))
            {
                refusal = Error(400, "391903", "User-Agent header is required.");
            }
            else if (Auth.Authenticate(request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, tokenType, DateTimeOffset.UtcNow, out subject) is { } problem)
            {
                refusal = Error(401, "390144", problem);
            }
            else if (_failures.TryDequeue(out var status))
            {
                refusal = Error(status, status == 429 ? "000429" : "000503", "Injected failure.");
            }

            if (refusal is not null)
            {
                await refusal.ExecuteAsync(context);
            }
            else
            {
                await next(context);
            }

            Requests.Enqueue(new FakeSnowflakeRequest(request.Method, request.Path, request.QueryString.Value ?? string.Empty, tokenType, userAgent, subject, context.Response.StatusCode));
        });

        _app.MapPost("/api/v2/statements", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
            var requestId = context.Request.Query["requestId"].ToString();
            if (body?["statement"]?.GetValue<string>() is not { } statement)
            {
                return Error(400, "390142", "Incoming request does not contain a valid payload.");
            }

            if (!Guid.TryParse(requestId, out _))
            {
                return Error(400, "390142", "requestId must be a UUID.");
            }

            if (_handlesByRequestId.TryGetValue(requestId, out var existing))
            {
                // A resubmission must say retry=true, else Snowflake treats it as a duplicate request.
                return context.Request.Query["retry"] == "true" ? Answer(existing, 0) : Error(409, "000709", "Duplicate requestId.");
            }

            if (!_results.TryGetValue(statement, out var result))
            {
                var failed = Guid.NewGuid().ToString();
                return Results.Json(new { code = "002003", sqlState = "42S02", message = "SQL compilation error: Object does not exist or not authorized.", statementHandle = failed, createdOn = 0L }, statusCode: 422);
            }

            var handle = Guid.NewGuid().ToString();
            _statements[handle] = new FakeStatement(result, body, PendingPolls);
            _handlesByRequestId[requestId] = handle;
            Executions.AddOrUpdate(statement, 1, (_, n) => n + 1);
            return context.Request.Query["async"] == "true" ? Pending(handle) : Answer(handle, 0);
        });

        _app.MapGet("/api/v2/statements/{handle}", (string handle, long? partition) =>
            _statements.ContainsKey(handle) ? Answer(handle, partition ?? 0) : Error(404, "333333", "Statement not found."));

        _app.MapPost("/api/v2/statements/{handle}/cancel", (string handle) =>
            _statements.ContainsKey(handle)
                ? Results.Json(new { code = "000604", sqlState = "57014", message = "successfully canceled", statementHandle = handle })
                : Error(404, "333333", "Statement not found."));

        _app.MapPost("/api/v2/{**path}", async (HttpContext context, string path) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
            return _cortex.TryGetValue("/api/v2/" + path, out var handler) ? handler(body) : Error(404, "390404", $"Unknown endpoint /api/v2/{path}.");
        });
    }

    private static IResult Pending(string handle) =>
        Results.Json(new { code = "333334", message = "Asynchronous execution in progress.", statementHandle = handle, statementStatusUrl = $"/api/v2/statements/{handle}" }, statusCode: 202);

    private IResult Answer(string handle, long partition)
    {
        var statement = _statements[handle];
        if (statement.PendingPolls > 0)
        {
            _statements[handle] = statement with { PendingPolls = statement.PendingPolls - 1 };
            return Pending(handle);
        }

        var rows = statement.Result.Rows;
        var partitions = Math.Max(1, (rows.Count + PartitionSize - 1) / PartitionSize);
        if (partition < 0 || partition >= partitions)
        {
            return Error(422, "000710", $"Partition {partition} does not exist.");
        }

        var data = rows.Skip((int)partition * PartitionSize).Take(PartitionSize).ToList();
        if (partition > 0)
        {
            return Results.Json(new { data });
        }

        var rowType = statement.Result.Columns.Select(c => new { name = c.Name, type = c.Type, nullable = true, length = 0, precision = c.Type == "FIXED" ? 38 : 0, scale = 0 });
        var partitionInfo = Enumerable.Range(0, partitions).Select(p => new { rowCount = Math.Min(PartitionSize, rows.Count - (p * PartitionSize)), uncompressedSize = 1000 });
        return Results.Json(new
        {
            code = "090001",
            sqlState = "00000",
            message = "Statement executed successfully.",
            statementHandle = handle,
            createdOn = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            statementStatusUrl = $"/api/v2/statements/{handle}",
            resultSetMetaData = new { format = "jsonv2", numRows = rows.Count, rowType, partitionInfo },
            data,
            // Echo the context the statement ran in, so tests can check the per-request defaults.
            stats = new { role = statement.Body["role"]?.ToString(), warehouse = statement.Body["warehouse"]?.ToString() },
        });
    }

    /// <summary>An error in Snowflake's ErrorResponse shape.</summary>
    public static IResult Error(int status, string code, string message) =>
        Results.Json(new { code, message, request_id = Guid.NewGuid().ToString() }, statusCode: status);

    private sealed record FakeResult((string Name, string Type)[] Columns, IReadOnlyList<string?[]> Rows);

    private sealed record FakeStatement(FakeResult Result, JsonObject Body, int PendingPolls);
}
