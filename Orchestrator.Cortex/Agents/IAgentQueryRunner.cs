namespace Orchestrator.Cortex.Agents;

/// <summary>A small query result for an agent's table event: column names and Snowflake types, and rows as strings.</summary>
public sealed record AgentTable(IReadOnlyList<(string Name, string Type)> Columns, IReadOnlyList<string?[]> Rows, string StatementHandle);

/// <summary>Runs analyst SQL for the agent (read-only, capped).</summary>
public interface IAgentQueryRunner
{
    /// <summary>Runs <paramref name="sql"/> and returns at most <paramref name="maxRows"/> rows.</summary>
    Task<AgentTable> RunAsync(string sql, int maxRows, CancellationToken cancellationToken);
}
