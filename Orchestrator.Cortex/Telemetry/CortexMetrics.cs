using System.Diagnostics.Metrics;

namespace Orchestrator.Cortex.Telemetry;

/// <summary>
/// What the warehouse costs: statement duration and rows returned, by outcome (success, or the
/// SQLSTATE class of the failure, or reused from the result cache), so a dashboard separates slow queries
/// from refused and cached ones.
/// </summary>
public static class CortexMetrics
{
    public const string MeterName = "Orchestrator.Cortex";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> StatementDuration = Meter.CreateHistogram<double>(
        "orchestrator.cortex.statement.duration", "s", "Time to run a SQL statement in the warehouse.");

    private static readonly Counter<long> StatementRows = Meter.CreateCounter<long>(
        "orchestrator.cortex.statement.rows", "{row}", "Rows returned by SQL statements.");

    /// <summary>Records a finished statement; <paramref name="reused"/> when its result came from the result cache.</summary>
    public static void StatementFinished(TimeSpan elapsed, long rows, string? sqlState, bool reused = false)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", sqlState is null ? (reused ? "reused" : "success") : "sqlstate_" + sqlState[..Math.Min(2, sqlState.Length)]);
        StatementDuration.Record(elapsed.TotalSeconds, outcome);
        if (rows > 0)
        {
            StatementRows.Add(rows, outcome);
        }
    }
}
