using System.Text.Json;

namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>Which checkpoints <see cref="ICheckpointSaver.ListAsync"/> returns.</summary>
public sealed record CheckpointListOptions
{
    /// <summary>Only this thread; null for every thread.</summary>
    public string? ThreadId { get; init; }

    /// <summary>Only this namespace; null for every namespace.</summary>
    public string? CheckpointNs { get; init; }

    /// <summary>Only checkpoints older than this id.</summary>
    public string? Before { get; init; }

    /// <summary>At most this many.</summary>
    public int? Limit { get; init; }

    /// <summary>Only checkpoints whose metadata has these keys with equal values.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Filter { get; init; }
}
