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
}
