namespace Orchestrator.Graph.Engine;

/// <summary>What a stream reports (combinable).</summary>
[Flags]
public enum StreamMode
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The full state after each step.</summary>
    Values = 1,

    /// <summary>Each node's update after each step: <c>{node: update}</c>.</summary>
    Updates = 2,

    /// <summary>LLM tokens as they arrive: <c>[message chunk, metadata]</c>.</summary>
    Messages = 4,

    /// <summary>Values emitted by nodes with <see cref="NodeContext.Emit"/>.</summary>
    Custom = 8,

    /// <summary>Checkpoints, tasks and task results.</summary>
    Debug = 16,
}

/// <summary>When checkpoints are written.</summary>
public enum Durability
{
    /// <summary>Before the next step starts.</summary>
    Sync,

    /// <summary>In the background while the next step runs; awaited before the run returns.</summary>
    Async,

    /// <summary>Only when the run ends, pauses or fails.</summary>
    Exit,
}
