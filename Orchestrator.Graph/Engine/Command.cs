using System.Text.Json;

namespace Orchestrator.Graph.Engine;

/// <summary>
/// Input that steers a paused thread: a resume value for pending interrupts (one value, or one per interrupt id), a state
/// update, or nodes to go to.
/// </summary>
/// <remarks>A resume continues the interrupted step; an update or goto creates a new checkpoint and runs from it. The two cannot be combined in one command.</remarks>
public sealed record Command
{
    /// <summary>The value returned by <c>interrupt()</c> when only one interrupt is pending.</summary>
    public JsonElement? Resume { get; init; }

    /// <summary>Resume values by interrupt id, for several pending interrupts.</summary>
    public IReadOnlyDictionary<string, JsonElement>? ResumeById { get; init; }

    /// <summary>State writes, as a JSON object of keys.</summary>
    public JsonElement? Update { get; init; }

    /// <summary>Nodes to run next.</summary>
    public IReadOnlyList<string>? Goto { get; init; }

    /// <summary>The node the update is attributed to (its edges are followed); null keeps the pending routing.</summary>
    public string? AsNode { get; init; }

    internal bool IsResume => Resume is not null || ResumeById is not null;
}
