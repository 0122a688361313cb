namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>One checkpoint to save: the arguments of <see cref="ICheckpointSaver.PutAsync"/>.</summary>
/// <param name="Config">Thread, namespace and parent checkpoint id.</param>
/// <param name="Checkpoint">The checkpoint.</param>
/// <param name="Metadata">What produced it.</param>
/// <param name="NewVersions">Channels whose value changed since the parent was saved.</param>
public sealed record CheckpointPut(CheckpointConfig Config, Checkpoint Checkpoint, CheckpointMetadata Metadata, IReadOnlyDictionary<string, long> NewVersions);
