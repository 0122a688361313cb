using System.Text.Json;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Engine;

/// <summary>How a run ended.</summary>
public enum GraphRunStatus
{
    /// <summary>No node is left to run.</summary>
    Completed,

    /// <summary>Paused by an interrupt; resume with a <see cref="Command"/> or null input.</summary>
    Interrupted,
}

/// <summary>The outcome of a run.</summary>
/// <param name="Status">Completed or interrupted.</param>
/// <param name="Values">The state at the end.</param>
/// <param name="Interrupts">Pending interrupts when interrupted.</param>
/// <param name="Config">The latest checkpoint (null without a checkpointer).</param>
public sealed record GraphRunResult(GraphRunStatus Status, JsonElement Values, IReadOnlyList<Interrupt> Interrupts, CheckpointConfig? Config)
{
    /// <summary>The final checkpoint, not yet saved, when the run was asked to hand it over (<see cref="RunConfig.HandOverExitCheckpoint"/>).</summary>
    public CheckpointPut? UnsavedCheckpoint { get; init; }
}
