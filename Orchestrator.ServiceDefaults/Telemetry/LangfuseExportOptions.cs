using System.ComponentModel.DataAnnotations;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>How traces are sent to Langfuse (<c>Langfuse</c> section).</summary>
public sealed class LangfuseExportOptions
{
    public const string SectionName = "Langfuse";

    /// <summary>The <c>langfuse.environment</c> of every trace; defaults to the host environment name, lower-cased.</summary>
    public string? Environment { get; set; }

    /// <summary>The <c>langfuse.release</c> of every trace; defaults to the service's assembly version.</summary>
    public string? Release { get; set; }

    /// <summary>
    /// Export prompt and completion text. Off unless set: production profiles must opt in, because
    /// prompts can hold personal data.
    /// </summary>
    public bool CaptureContent { get; set; }

    /// <summary>Spans waiting for export at most; more are dropped and counted, never blocking a request.</summary>
    [Range(16, 1_000_000)]
    public int MaxQueueSize { get; set; } = 2048;

    [Range(1, 10_000)]
    public int MaxExportBatchSize { get; set; } = 512;

    [Range(10, 60_000)]
    public int ScheduledDelayMilliseconds { get; set; } = 1000;
}
