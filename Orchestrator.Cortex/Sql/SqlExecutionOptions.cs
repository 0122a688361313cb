using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Cortex.Sql;

/// <summary>Limits applied to every query the local backend runs (section <c>Cortex:Sql</c>).</summary>
public sealed class SqlExecutionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cortex:Sql";

    /// <summary>The NOLOGIN role queries run as (<c>Cortex:Sql:ReaderRole</c>); it holds SELECT on the warehouse tables only.</summary>
    [Required, RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "Cortex:Sql:ReaderRole must be a lower-case PostgreSQL identifier.")]
    public string ReaderRole { get; set; } = "cortex_reader";

    /// <summary>The most rows one statement may return (<c>Cortex:Sql:RowCap</c>); more is an error, not a silent cut.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Cortex:Sql:RowCap must be between 1 and 10000000.")]
    public int RowCap { get; set; } = 1_000_000;

    /// <summary>The statement timeout in seconds when the request names none (<c>Cortex:Sql:DefaultTimeoutSeconds</c>).</summary>
    [Range(1, 3600, ErrorMessage = "Cortex:Sql:DefaultTimeoutSeconds must be between 1 and 3600.")]
    public int DefaultTimeoutSeconds { get; set; } = 30;

    /// <summary>The longest statement timeout a request may ask for (<c>Cortex:Sql:MaxTimeoutSeconds</c>).</summary>
    [Range(1, 86_400, ErrorMessage = "Cortex:Sql:MaxTimeoutSeconds must be between 1 and 86400.")]
    public int MaxTimeoutSeconds { get; set; } = 300;

    /// <summary>Rows per result partition (<c>Cortex:Sql:PartitionRows</c>); a response carries one partition.</summary>
    [Range(100, 1_000_000, ErrorMessage = "Cortex:Sql:PartitionRows must be between 100 and 1000000.")]
    public int PartitionRows { get; set; } = 10_000;

    /// <summary>How long a synchronous request waits before answering 202 (<c>Cortex:Sql:SyncWaitSeconds</c>; Snowflake waits 45 s).</summary>
    [Range(0, 600, ErrorMessage = "Cortex:Sql:SyncWaitSeconds must be between 0 and 600.")]
    public int SyncWaitSeconds { get; set; } = 45;

    /// <summary>How long results stay fetchable (<c>Cortex:Sql:ResultRetentionMinutes</c>).</summary>
    [Range(1, 1440, ErrorMessage = "Cortex:Sql:ResultRetentionMinutes must be between 1 and 1440.")]
    public int ResultRetentionMinutes { get; set; } = 60;

    /// <summary>Where result partitions are spilled (<c>Cortex:Sql:SpillDirectory</c>; the temp directory when empty).</summary>
    public string? SpillDirectory { get; set; }

    /// <summary>The timeout to apply for a request's <c>timeout</c> field (0 or absent = default; clamped to the maximum).</summary>
    public int EffectiveTimeoutSeconds(long? requested) =>
        requested is null or <= 0 ? DefaultTimeoutSeconds : (int)Math.Min(requested.Value, MaxTimeoutSeconds);
}
