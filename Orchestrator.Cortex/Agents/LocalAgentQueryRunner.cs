using Orchestrator.Cortex.Local;

namespace Orchestrator.Cortex.Agents;

/// <summary>Runs the agent's analyst SQL on the local warehouse, through the same read-only executor as the SQL API.</summary>
public sealed class LocalAgentQueryRunner(LocalStatementExecutor executor) : IAgentQueryRunner
{
    /// <inheritdoc />
    public async Task<AgentTable> RunAsync(string sql, int maxRows, CancellationToken cancellationToken)
    {
        var outcome = await executor.ExecuteAsync(sql, null, cancellationToken, maxRows: maxRows);
        if (outcome.Error is { } error)
        {
            throw new InvalidOperationException($"The analyst's SQL failed ({error.Code}/{error.SqlState}): {error.Message}");
        }

        return new AgentTable(outcome.Columns.Select(c => (c.Name, c.Type)).ToList(), outcome.Rows, Guid.NewGuid().ToString());
    }
}
