using System.Text.Json;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Engine;

/// <summary>A pending task of a snapshot.</summary>
/// <param name="Id">Task id.</param>
/// <param name="Name">Node name.</param>
/// <param name="Error">The error it failed with, if it did.</param>
/// <param name="Interrupts">Its pending interrupts.</param>
public sealed record SnapshotTask(string Id, string Name, string? Error, IReadOnlyList<Interrupt> Interrupts);

/// <summary>The state of a thread at one checkpoint (LangGraph's StateSnapshot).</summary>
/// <param name="Values">The channel values.</param>
/// <param name="Next">Nodes that run next.</param>
/// <param name="Config">The checkpoint's address.</param>
/// <param name="Metadata">What produced it.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="ParentConfig">Its parent.</param>
/// <param name="Tasks">Pending tasks with their interrupts and errors.</param>
public sealed record StateSnapshot(
    JsonElement Values,
    IReadOnlyList<string> Next,
    CheckpointConfig Config,
    CheckpointMetadata Metadata,
    DateTimeOffset CreatedAt,
    CheckpointConfig? ParentConfig,
    IReadOnlyList<SnapshotTask> Tasks)
{
    /// <summary>All pending interrupts.</summary>
    public IReadOnlyList<Interrupt> Interrupts => [.. Tasks.SelectMany(t => t.Interrupts)];
}
