using System.Text.Json;

namespace Orchestrator.Graph.Engine;

/// <summary>What a node returns: state updates and, optionally, where to go next (LangGraph's dict or Command return).</summary>
public sealed class NodeResult
{
    /// <summary>No update.</summary>
    public static NodeResult Empty { get; } = new();

    /// <summary>State writes, applied through each key's reducer at the end of the step.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>> Updates { get; init; } = [];

    /// <summary>Nodes to trigger in addition to the static edges.</summary>
    public IReadOnlyList<string> Goto { get; init; } = [];

    /// <summary>Packets to send in addition to the static edges.</summary>
    public IReadOnlyList<Send> Sends { get; init; } = [];

    /// <summary>Updates given as (key, value) pairs.</summary>
    public static NodeResult Update(params (string Key, JsonElement Value)[] updates) =>
        new() { Updates = [.. updates.Select(u => KeyValuePair.Create(u.Key, u.Value))] };

    /// <summary>Updates given as a JSON object whose properties are state keys.</summary>
    public static NodeResult FromObject(JsonElement update)
    {
        if (update.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidUpdateException($"A node update must be a JSON object of state keys, not {update.ValueKind}.");
        }

        return new() { Updates = [.. update.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value))] };
    }

    /// <summary>A command-style result: go to <paramref name="nodes"/> (with optional updates).</summary>
    public static NodeResult To(params string[] nodes) => new() { Goto = nodes };
}

/// <summary>The body of a node.</summary>
public delegate ValueTask<NodeResult> NodeAction(NodeContext context);
