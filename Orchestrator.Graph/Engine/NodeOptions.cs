namespace Orchestrator.Graph.Engine;

/// <summary>Per-node execution settings.</summary>
public sealed record NodeOptions
{
    /// <summary>Retries on failure; null runs once.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Cancels an attempt that runs longer (raising <see cref="NodeTimeoutException"/>, which is retried like any failure).</summary>
    public TimeSpan? Timeout { get; init; }
}
