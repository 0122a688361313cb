using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Graph.Runs;

/// <summary>Settings of the run queue (section <c>Graph:Runs</c>).</summary>
public sealed class GraphServiceOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Graph:Runs";

    /// <summary>How often a worker records that a run it executes is alive (and picks up cancellations from other replicas).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A running run without a heartbeat for this long is considered orphaned (its process died) and is resumed by any replica.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often an idle worker looks for background runs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Background runs one replica executes at once.</summary>
    [Range(1, 256)]
    public int MaxConcurrentRuns { get; set; } = 4;

    /// <summary>Retention: after each run, keep only this many newest checkpoints per thread (0 keeps all, which time travel needs).</summary>
    [Range(0, 1_000_000)]
    public int KeepCheckpointsPerThread { get; set; }

    /// <summary>The recursion limit of runs that do not set <c>config.recursion_limit</c>.</summary>
    [Range(1, 100_000)]
    public int DefaultRecursionLimit { get; set; } = 25;
}
