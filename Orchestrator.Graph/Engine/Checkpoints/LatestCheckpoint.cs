namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>
/// A thread's latest root checkpoint as its caller has just read it, in the same transaction that started the run, so
/// the run need not read it again (<see cref="RunConfig.Latest"/>).
/// </summary>
/// <param name="Tuple">The checkpoint, or null when the thread has none yet.</param>
public sealed record LatestCheckpoint(CheckpointTuple? Tuple);
