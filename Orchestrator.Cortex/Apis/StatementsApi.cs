using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Cortex.Local;
using Orchestrator.Cortex.SqlApi;

namespace Orchestrator.Cortex.Apis;

/// <summary>The Snowflake SQL API v2 statements endpoint, served by the configured backend.</summary>
public static class StatementsApi
{
    public const string Path = "/api/v2/statements";

    public static IEndpointRouteBuilder MapStatementsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, SubmitStatementAsync)
            .WithName("SubmitStatement")
            .WithSummary("Runs one read-only SQL statement and returns its result set.")
            .WithTags("SQL API");
        return app;
    }

    private static async Task<Results<Ok<ResultSet>, BadRequest<QueryFailureStatus>, UnprocessableEntity<QueryFailureStatus>>> SubmitStatementAsync(
        StatementRequest request, LocalStatementExecutor executor, TimeProvider clock, CancellationToken cancellationToken)
    {
        var handle = Guid.NewGuid().ToString();
        var createdOn = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (string.IsNullOrWhiteSpace(request.Statement))
        {
            return TypedResults.BadRequest(new QueryFailureStatus("391902", "42601", "The request has no 'statement'.", handle, createdOn));
        }

        var outcome = await executor.ExecuteAsync(request.Statement, request.Timeout, cancellationToken);
        if (outcome.Error is { } error)
        {
            return TypedResults.UnprocessableEntity(new QueryFailureStatus(error.Code, error.SqlState, error.Message, handle, createdOn, $"{Path}/{handle}"));
        }

        return TypedResults.Ok(new ResultSet
        {
            StatementHandle = handle,
            CreatedOn = createdOn,
            StatementStatusUrl = $"{Path}/{handle}",
            Data = outcome.Rows,
            ResultSetMetaData = new ResultSetMetaData
            {
                NumRows = outcome.Rows.Count,
                RowType = outcome.Columns,
                PartitionInfo = [new PartitionInfo(outcome.Rows.Count, 0)],
            },
        });
    }
}
