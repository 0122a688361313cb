using System.Text.Json;

namespace Orchestrator.Graph.Engine.Channels;

/// <summary>The run-time holder of one state key: its current value and how writes combine into it.</summary>
/// <remarks>Writes are applied only between super-steps, by one thread; reads during a step see a stable value.</remarks>
internal abstract class Channel
{
    protected Channel(string name) => Name = name;

    /// <summary>The state key.</summary>
    public string Name { get; }

    /// <summary>Whether the channel holds a value.</summary>
    public abstract bool IsAvailable { get; }

    /// <summary>The current value (undefined when none).</summary>
    public abstract JsonElement Get();

    /// <summary>Applies the writes of one step, in order. Returns whether the value changed.</summary>
    public abstract bool Update(IReadOnlyList<JsonElement> writes);

    /// <summary>The value to store in a checkpoint.</summary>
    public virtual JsonElement Checkpoint() => Get();

    /// <summary>Restores a value read from a checkpoint.</summary>
    public abstract void Restore(JsonElement value);

    /// <summary>An independent copy (used to evaluate routers against a task's own writes).</summary>
    public abstract Channel Copy();
}
