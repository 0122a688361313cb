using Orchestrator.Cortex.SqlApi;

namespace Orchestrator.Cortex.Local;

/// <summary>What running one statement produced: the columns and rows, or why it failed.</summary>
public sealed record StatementOutcome(
    IReadOnlyList<ColumnType> Columns,
    IReadOnlyList<string?[]> Rows,
    StatementError? Error)
{
    public static StatementOutcome Failed(StatementError error) => new([], [], error);
}

/// <summary>A statement the warehouse refused: Snowflake's error code, the SQLSTATE and a message for the caller.</summary>
public sealed record StatementError(string Code, string SqlState, string Message);
