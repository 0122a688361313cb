namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>A checkpoint with its address, metadata, parent and pending writes.</summary>
/// <param name="Config">The checkpoint's own address (with its id).</param>
/// <param name="Checkpoint">The checkpoint.</param>
/// <param name="Metadata">What produced it.</param>
/// <param name="ParentConfig">The checkpoint it was derived from, if any.</param>
/// <param name="PendingWrites">Writes saved by tasks of the step that started from it.</param>
public sealed record CheckpointTuple(
    CheckpointConfig Config,
    Checkpoint Checkpoint,
    CheckpointMetadata Metadata,
    CheckpointConfig? ParentConfig,
    IReadOnlyList<PendingWrite> PendingWrites);
