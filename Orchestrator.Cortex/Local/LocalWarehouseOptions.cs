using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Cortex.Local;

/// <summary>Limits of the local warehouse backend (<c>Cortex:Local</c>).</summary>
public sealed class LocalWarehouseOptions
{
    public const string SectionName = "Cortex:Local";

    /// <summary>Longest a statement may run, in seconds, whatever the request asks for.</summary>
    [Range(1, 3600)]
    public int MaxStatementTimeoutSeconds { get; set; } = 30;

    /// <summary>Most rows one statement returns; the rest are cut and a warning is logged.</summary>
    [Range(1, 10_000_000)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>Rows per result partition (<c>Cortex:Local:PartitionRows</c>); a response carries one partition.</summary>
    [Range(100, 1_000_000)]
    public int PartitionRows { get; set; } = 10_000;

    /// <summary>How long a synchronous request waits before answering 202 (<c>Cortex:Local:SyncWaitSeconds</c>; Snowflake waits 45 s).</summary>
    [Range(0, 600)]
    public int SyncWaitSeconds { get; set; } = 45;

    /// <summary>How long results stay fetchable after the statement finished (<c>Cortex:Local:ResultRetentionMinutes</c>).</summary>
    [Range(1, 1440)]
    public int ResultRetentionMinutes { get; set; } = 60;

    /// <summary>
    /// How long an identical statement (same text and bindings) reuses a result, in seconds
    /// (<c>Cortex:Local:ResultCacheSeconds</c>; 0 = always run). Snowflake reuses results until the data changes;
    /// the local backend cannot see changes cheaply, so answers may be this much older than the warehouse.
    /// </summary>
    [Range(0, 86_400)]
    public int ResultCacheSeconds { get; set; } = 60;

    /// <summary>Where result partitions are spilled (<c>Cortex:Local:SpillDirectory</c>; the temp directory when empty).</summary>
    public string? SpillDirectory { get; set; }

    /// <summary>The statement timeout for a request's <c>timeout</c> (absent or 0 = the maximum, as in Snowflake).</summary>
    public int EffectiveTimeoutSeconds(int? requested) =>
        requested is > 0 ? Math.Min(requested.Value, MaxStatementTimeoutSeconds) : MaxStatementTimeoutSeconds;
}
