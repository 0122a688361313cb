namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>Addresses a checkpoint: a thread, a namespace inside it (empty for the root graph, "node:task" for subgraphs) and optionally one checkpoint.</summary>
/// <param name="ThreadId">The conversation or workflow instance.</param>
/// <param name="CheckpointNs">The graph namespace; empty for the root graph.</param>
/// <param name="CheckpointId">A specific checkpoint, or null for the latest.</param>
public sealed record CheckpointConfig(string ThreadId, string CheckpointNs = "", string? CheckpointId = null);
