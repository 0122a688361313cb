using System.Globalization;
using Orchestrator.Graph.Cortex;

namespace Orchestrator.Graph.Workflows;

/// <summary>
/// The first workflow: a single node that asks the warehouse for its size and revenue through
/// Cortex and answers with the figures. It proves the path agentcore → graph → cortex → warehouse.
/// </summary>
public sealed class WarehouseOverviewWorkflow(CortexClient cortex)
{
    public const string AssistantId = "orchestrator";

    internal const string OverviewSql =
        "SELECT count(*) AS order_lines, round(sum(quantity * unit_price * (1 - discount)), 2) AS revenue FROM order_lines";

    /// <summary>Runs the workflow for one user message and returns the assistant's answer.</summary>
    public async Task<string> RunAsync(string question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(question);
        var result = await cortex.ExecuteStatementAsync(OverviewSql, cancellationToken);
        var row = result.Rows.Single();
        var lines = long.Parse(row[0]!, CultureInfo.InvariantCulture);
        var revenue = decimal.Parse(row[1]!, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture,
            $"The warehouse holds {lines:N0} order lines with total net revenue of ${revenue:N2}.");
    }
}
