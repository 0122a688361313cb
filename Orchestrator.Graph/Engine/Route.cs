namespace Orchestrator.Graph.Engine;

/// <summary>Where a conditional edge goes: zero or more node names (or <see cref="GraphConstants.End"/>) and <see cref="Send"/> packets.</summary>
public readonly struct Route
{
    private Route(IReadOnlyList<string> nodes, IReadOnlyList<Send> sends)
    {
        Nodes = nodes;
        Sends = sends;
    }

    /// <summary>The nodes (or path-map keys) to trigger.</summary>
    public IReadOnlyList<string> Nodes { get; }

    /// <summary>The packets to send.</summary>
    public IReadOnlyList<Send> Sends { get; }

    /// <summary>Routes to one or more nodes.</summary>
    public static Route To(params string[] nodes) => new(nodes, []);

    /// <summary>Fans out with <see cref="Send"/> packets.</summary>
    public static Route Fanout(IEnumerable<Send> sends) => new([], [.. sends]);

    /// <summary>Ends the branch.</summary>
    public static Route End { get; } = new([GraphConstants.End], []);

    /// <summary>Routes to one node.</summary>
    public static implicit operator Route(string node) => To(node);

    /// <summary>Routes to one node (named alternative to the implicit conversion).</summary>
    public static Route FromString(string node) => To(node);
}

/// <summary>Chooses the next nodes from the state (after the source node's own writes).</summary>
public delegate Route Router(StateView state);
