using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Configuration;
using Orchestrator.Cortex.Local;
using Orchestrator.Cortex.Snowflake;
using Orchestrator.Cortex.SqlApi;
using Orchestrator.Cortex.Statements;

namespace Orchestrator.Cortex.Apis;

/// <summary>
/// The Snowflake SQL API v2: submit (synchronous, or 202 and poll), fetch a partition, cancel.
/// Served by the configured backend: the local warehouse, or forwarded to the Snowflake account.
/// </summary>
public static class StatementsApi
{
    public const string Path = "/api/v2/statements";

    private const string InProgressCode = "333334";

    public static IEndpointRouteBuilder MapStatementsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("SQL API");
        // Mapped on the app, not the group, so the route (and span name) is /api/v2/statements without a trailing slash.
        app.MapPost(Path, SubmitStatementAsync)
            .WithTags("SQL API")
            .WithName("SubmitStatement")
            .WithSummary("Runs one read-only SQL statement; answers with the first partition, or 202 and a handle when async or slow.");
        group.MapGet("/{statementHandle}", GetStatementStatusAsync)
            .WithName("GetStatementStatus")
            .WithSummary("Returns a statement's status, or a partition of its result.");
        group.MapPost("/{statementHandle}/cancel", CancelStatementAsync)
            .WithName("CancelStatement")
            .WithSummary("Cancels a running statement.");
        return app;
    }

    private static bool IsSnowflake(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<CortexBackendOptions>>().Value.Backend == CortexBackendKind.Snowflake;

    private static async Task<IResult> SubmitStatementAsync(HttpContext context, bool? async, string? requestId, bool? retry, bool? nullable, TimeProvider clock)
    {
        var body = await SnowflakeProxy.ReadBodyAsync(context.Request, context.RequestAborted);
        var createdOn = clock.GetUtcNow().ToUnixTimeMilliseconds();
        StatementRequest? request;
        try
        {
            request = body is null ? null : JsonSerializer.Deserialize<StatementRequest>(body);
        }
        catch (JsonException ex)
        {
            return TypedResults.BadRequest(new QueryFailureStatus("391902", "42601", $"The request body is not valid JSON: {ex.Message}", Guid.NewGuid().ToString(), createdOn));
        }

        if (string.IsNullOrWhiteSpace(request?.Statement))
        {
            return TypedResults.BadRequest(new QueryFailureStatus("391902", "42601", "The request has no 'statement'.", Guid.NewGuid().ToString(), createdOn));
        }

        if (IsSnowflake(context))
        {
            var client = context.RequestServices.GetRequiredService<SnowflakeSqlClient>();
            using var response = await client.SubmitAsync(JsonNode.Parse(body!)!.AsObject(), async == true, nullable, context.RequestAborted, Guid.TryParse(requestId, out var id) ? id : null, retry == true);
            await SnowflakeProxy.CopyAsync(response, context);
            return Results.Empty;
        }

        var service = context.RequestServices.GetRequiredService<LocalStatementService>();
        var entry = service.Submit(request, requestId);
        if (async != true)
        {
            var wait = TimeSpan.FromSeconds(context.RequestServices.GetRequiredService<IOptions<LocalWarehouseOptions>>().Value.SyncWaitSeconds);
            await Task.WhenAny(entry.Completion, Task.Delay(wait, context.RequestAborted));
        }

        return await StatusAsync(entry, 0, nullable != false, context);
    }

    private static async Task<IResult> GetStatementStatusAsync(string statementHandle, long? partition, bool? nullable, HttpContext context)
    {
        if (IsSnowflake(context))
        {
            await context.RequestServices.GetRequiredService<SnowflakeProxy>().ForwardAsync(context, HttpMethod.Get, $"{Path}/{Uri.EscapeDataString(statementHandle)}{context.Request.QueryString}", null);
            return Results.Empty;
        }

        var entry = context.RequestServices.GetRequiredService<LocalStatementService>().Find(statementHandle);
        return entry is null
            ? TypedResults.NotFound(new QueryFailureStatus("000709", "02000", $"Statement {statementHandle} not found.", statementHandle, 0))
            : await StatusAsync(entry, partition ?? 0, nullable != false, context);
    }

    private static async Task<IResult> CancelStatementAsync(string statementHandle, HttpContext context)
    {
        if (IsSnowflake(context))
        {
            await context.RequestServices.GetRequiredService<SnowflakeProxy>().ForwardAsync(context, HttpMethod.Post, $"{Path}/{Uri.EscapeDataString(statementHandle)}/cancel", null);
            return Results.Empty;
        }

        var entry = context.RequestServices.GetRequiredService<LocalStatementService>().Find(statementHandle);
        if (entry is null)
        {
            return TypedResults.NotFound(new QueryFailureStatus("000709", "02000", $"Statement {statementHandle} not found.", statementHandle, 0));
        }

        var statusUrl = $"{Path}/{statementHandle}";
        if (!entry.IsRunning)
        {
            return TypedResults.UnprocessableEntity(new CancelStatus("000605", "01000", "Statement already completed; nothing to cancel.", statementHandle, statusUrl));
        }

        await entry.Cancellation.CancelAsync();
        return TypedResults.Ok(new CancelStatus(LocalStatementService.CancelledCode, "00000", "successfully canceled", statementHandle, statusUrl));
    }

    private static async Task<IResult> StatusAsync(StatementEntry entry, long partition, bool nullable, HttpContext context)
    {
        var statusUrl = $"{Path}/{entry.Handle}";
        if (entry.IsRunning)
        {
            return TypedResults.Json(new QueryStatus(InProgressCode, "01000", "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.", entry.Handle, entry.CreatedOn, statusUrl), statusCode: StatusCodes.Status202Accepted);
        }

        if (entry.Error is { } error)
        {
            var failure = new QueryFailureStatus(error.Code, error.SqlState, error.Message, entry.Handle, entry.CreatedOn, statusUrl);
            // The SQL API answers a statement that ran out of time with 408, any other failure with 422.
            return TypedResults.Json(failure, statusCode: error.Code == SnowflakeErrorCodes.FromSqlState("57014") ? StatusCodes.Status408RequestTimeout : StatusCodes.Status422UnprocessableEntity);
        }

        var result = entry.Result!;
        if (partition < 0 || partition >= result.Partitions.Count)
        {
            return TypedResults.UnprocessableEntity(new QueryFailureStatus("000710", "22023", $"Partition {partition} does not exist; the result has {result.Partitions.Count}.", entry.Handle, entry.CreatedOn, statusUrl));
        }

        context.Response.Headers.Link = PartitionLinks(statusUrl, (int)partition, result.Partitions.Count);
        var data = await result.ReadPartitionAsync((int)partition, context.RequestAborted);
        if (!nullable)
        {
            data = JsonSerializer.SerializeToUtf8Bytes(JsonSerializer.Deserialize<string?[][]>(data)!.Select(row => row.Select(cell => cell ?? "null")));
        }

        return new PartitionResult(partition == 0 ? entry : null, partition == 0 ? Metadata(result) : null, data);
    }

    private static ResultSetMetaData Metadata(StatementResult result) => new()
    {
        NumRows = result.NumRows,
        RowType = result.RowType,
        PartitionInfo = result.Partitions,
    };

    private static string PartitionLinks(string statusUrl, int partition, int count)
    {
        var links = new List<string> { $"<{statusUrl}?partition=0>;rel=\"first\"", $"<{statusUrl}?partition={count - 1}>;rel=\"last\"" };
        if (partition + 1 < count)
        {
            links.Add($"<{statusUrl}?partition={partition + 1}>;rel=\"next\"");
        }

        if (partition > 0)
        {
            links.Add($"<{statusUrl}?partition={partition - 1}>;rel=\"prev\"");
        }

        return string.Join(',', links);
    }

    /// <summary>
    /// Writes a ResultSet (partition 0: status and metadata too) or a later partition (data only),
    /// with the partition's rows copied from its spill file as raw JSON.
    /// </summary>
    private sealed class PartitionResult(StatementEntry? entry, ResultSetMetaData? metadata, byte[] data) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            httpContext.Response.ContentType = "application/json";
            await using var json = new Utf8JsonWriter(httpContext.Response.BodyWriter);
            json.WriteStartObject();
            if (entry is not null && metadata is not null)
            {
                json.WriteString("code", "090001");
                json.WriteString("sqlState", "00000");
                json.WriteString("message", "Statement executed successfully.");
                json.WriteString("statementHandle", entry.Handle);
                json.WriteNumber("createdOn", entry.CreatedOn);
                json.WriteString("statementStatusUrl", $"{Path}/{entry.Handle}");
                json.WritePropertyName("resultSetMetaData");
                JsonSerializer.Serialize(json, metadata);
            }

            json.WritePropertyName("data");
            json.WriteRawValue(data, skipInputValidation: true);
            json.WriteEndObject();
            await json.FlushAsync(httpContext.RequestAborted);
            await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
    }
}
