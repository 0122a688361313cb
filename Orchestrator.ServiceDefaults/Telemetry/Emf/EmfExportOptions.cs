using System.ComponentModel.DataAnnotations;

namespace Orchestrator.ServiceDefaults.Telemetry.Emf;

/// <summary>
/// Metrics to CloudWatch as Embedded Metric Format lines on stdout (<c>Orchestrator:Telemetry:Emf</c> section).
/// </summary>
/// <remarks>
/// Off by default: locally the dashboard shows the metrics over OTLP. On ECS the awslogs driver ships
/// stdout to the service's log group, and CloudWatch turns each EMF line into metric data points.
/// </remarks>
public sealed class EmfExportOptions
{
    public const string SectionName = "Orchestrator:Telemetry:Emf";

    /// <summary>Write EMF lines; the publish step sets it on every ECS task.</summary>
    public bool Enabled { get; set; }

    /// <summary>The CloudWatch namespace of the metrics. <c>AWS/</c> is reserved for AWS services.</summary>
    [Required(ErrorMessage = "Set " + SectionName + ":Namespace to a CloudWatch namespace, e.g. MultiAgentOrchestrator.")]
    [RegularExpression(@"^(?!AWS/)[A-Za-z0-9.\-_/#: ]{1,255}$",
        ErrorMessage = SectionName + ":Namespace must be 1-255 letters, digits or . - _ / # : and space, and must not start with AWS/.")]
    public string Namespace { get; set; } = "MultiAgentOrchestrator";

    /// <summary>How often the metrics are collected and written; CloudWatch's standard resolution is one minute.</summary>
    [Range(1_000, 3_600_000, ErrorMessage = SectionName + ":ExportIntervalMilliseconds must be between 1000 and 3600000.")]
    public int ExportIntervalMilliseconds { get; set; } = 60_000;
}
