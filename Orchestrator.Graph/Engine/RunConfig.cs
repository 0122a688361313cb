using System.Text.Json;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Engine;

/// <summary>How one run executes.</summary>
public sealed record RunConfig
{
    /// <summary>The thread; required when the graph has a checkpointer.</summary>
    public string ThreadId { get; init; } = "";

    /// <summary>Continue from this checkpoint (time travel); null for the latest.</summary>
    public string? CheckpointId { get; init; }

    /// <summary>The namespace (set by the engine for subgraphs).</summary>
    public string CheckpointNs { get; init; } = "";

    /// <summary>Maximum super-steps in this run.</summary>
    public int RecursionLimit { get; init; } = 25;

    /// <summary>When checkpoints are written.</summary>
    public Durability Durability { get; init; } = Durability.Sync;

    /// <summary>Modes reported by <see cref="CompiledGraph.StreamAsync"/>.</summary>
    public StreamMode StreamMode { get; init; } = StreamMode.Values;

    /// <summary>Whether subgraph events are streamed too.</summary>
    public bool Subgraphs { get; init; }

    /// <summary>Overrides the compiled static interrupts before these nodes.</summary>
    public IReadOnlyList<string>? InterruptBefore { get; init; }

    /// <summary>Overrides the compiled static interrupts after these nodes.</summary>
    public IReadOnlyList<string>? InterruptAfter { get; init; }

    /// <summary>Extra keys stored in every checkpoint's metadata (run_id, assistant_id, ...).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Metadata { get; init; }

    /// <summary>Free configuration visible to nodes (LangGraph's <c>configurable</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement>? Configurable { get; init; }

    /// <summary>The thread's latest checkpoint, already read by the caller; null makes the run read it.</summary>
    /// <remarks>
    /// Used only when the run starts from the latest checkpoint (no <see cref="CheckpointId"/>); it must be of this run's
    /// thread and namespace, and subgraphs load their own. The caller must have read it after anything else could write
    /// to the thread, e.g. under the lock that made this run the thread's only one.
    /// </remarks>
    public LatestCheckpoint? Latest { get; init; }

    /// <summary>
    /// With <see cref="Durability.Exit"/>, a run that completes leaves its final checkpoint unsaved and hands it to the
    /// caller in <see cref="GraphRunResult.UnsavedCheckpoint"/>.
    /// </summary>
    /// <remarks>
    /// The caller must save it, e.g. in the same transaction that records the run's end, so the two cost one round trip.
    /// A run that stops on an interrupt or an error still saves its own, and so does every subgraph.
    /// </remarks>
    public bool HandOverExitCheckpoint { get; init; }

    internal CheckpointConfig ToCheckpointConfig() => new(ThreadId, CheckpointNs, CheckpointId);
}
