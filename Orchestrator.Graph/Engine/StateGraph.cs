using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Engine;

/// <summary>Builds a graph over shared state: declare state keys with reducers, nodes and edges, then <see cref="Compile"/>.</summary>
public sealed class StateGraph(string name)
{
    private readonly List<(string Name, ChannelSpec Spec)> _channels = [];
    private readonly List<NodeDefinition> _nodes = [];
    private readonly List<(string From, string To)> _edges = [];
    private readonly List<(string From, BranchDefinition Branch)> _branches = [];
    private readonly List<JoinDefinition> _joins = [];

    /// <summary>The workflow name.</summary>
    public string Name { get; } = name;

    /// <summary>Declares a state key.</summary>
    public StateGraph AddChannel(string key, ChannelSpec spec)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(spec);
        if (GraphConstants.IsReserved(key) || _channels.Any(c => c.Name == key))
        {
            throw new ArgumentException($"State key '{key}' is reserved or declared twice.", nameof(key));
        }

        _channels.Add((key, spec));
        return this;
    }

    /// <summary>Adds a node.</summary>
    public StateGraph AddNode(string node, NodeAction action, NodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(action);
        return AddNodeCore(new NodeDefinition(node, action, null, options ?? new NodeOptions()));
    }

    /// <summary>Adds a node that runs a compiled graph; keys the two graphs share flow in and out.</summary>
    public StateGraph AddNode(string node, CompiledGraph subgraph, NodeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(subgraph);
        return AddNodeCore(new NodeDefinition(node, null, subgraph, options ?? new NodeOptions()));
    }

    /// <summary>Adds an edge: <paramref name="to"/> runs in the step after <paramref name="from"/>.</summary>
    public StateGraph AddEdge(string from, string to)
    {
        _edges.Add((from, to));
        return this;
    }

    /// <summary>Adds a wait-for-all edge: <paramref name="to"/> runs once, in the step after the last of <paramref name="from"/> has finished.</summary>
    public StateGraph AddEdge(IReadOnlyList<string> from, string to)
    {
        ArgumentNullException.ThrowIfNull(from);
        if (from.Count == 0)
        {
            throw new ArgumentException("A wait-for-all edge needs at least one source.", nameof(from));
        }

        _joins.Add(new JoinDefinition(GraphConstants.JoinPrefix + string.Join('+', from) + ":" + to, [.. from.Distinct()], to));
        return this;
    }

    /// <summary>Adds a conditional edge: after <paramref name="from"/>, <paramref name="router"/> picks the next nodes (optionally through a path map).</summary>
    public StateGraph AddConditionalEdges(string from, Router router, IReadOnlyDictionary<string, string>? pathMap = null)
    {
        ArgumentNullException.ThrowIfNull(router);
        _branches.Add((from, new BranchDefinition(router, pathMap)));
        return this;
    }

    /// <summary>Same as <c>AddEdge(START, node)</c>.</summary>
    public StateGraph SetEntryPoint(string node) => AddEdge(GraphConstants.Start, node);

    /// <summary>Same as <c>AddEdge(node, END)</c>.</summary>
    public StateGraph SetFinishPoint(string node) => AddEdge(node, GraphConstants.End);

    /// <summary>Validates the graph and freezes it.</summary>
    /// <param name="checkpointer">Where checkpoints go; null runs without persistence (no interrupts or time travel).</param>
    /// <param name="interruptBefore">Nodes to pause before.</param>
    /// <param name="interruptAfter">Nodes to pause after.</param>
    public CompiledGraph Compile(ICheckpointSaver? checkpointer = null, IReadOnlyList<string>? interruptBefore = null, IReadOnlyList<string>? interruptAfter = null)
    {
        var nodeNames = _nodes.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        void RequireNode(string node, string role)
        {
            if (!nodeNames.Contains(node))
            {
                throw new InvalidOperationException($"Graph '{Name}': {role} '{node}' is not a node.");
            }
        }

        foreach (var (from, to) in _edges)
        {
            if (from != GraphConstants.Start)
            {
                RequireNode(from, "edge source");
            }

            if (to != GraphConstants.End)
            {
                RequireNode(to, "edge target");
            }
        }

        foreach (var (from, branch) in _branches)
        {
            if (from != GraphConstants.Start)
            {
                RequireNode(from, "conditional edge source");
            }

            foreach (var target in branch.PathMap?.Values ?? [])
            {
                if (target != GraphConstants.End)
                {
                    RequireNode(target, "path map target");
                }
            }
        }

        foreach (var join in _joins)
        {
            foreach (var source in join.Sources)
            {
                RequireNode(source, "wait-for-all edge source");
            }

            if (join.Target != GraphConstants.End)
            {
                RequireNode(join.Target, "wait-for-all edge target");
            }
        }

        if (!_edges.Any(e => e.From == GraphConstants.Start) && !_branches.Any(b => b.From == GraphConstants.Start))
        {
            throw new InvalidOperationException($"Graph '{Name}' has no entry point; add an edge from START (SetEntryPoint).");
        }

        foreach (var node in (interruptBefore ?? []).Concat(interruptAfter ?? []))
        {
            RequireNode(node, "interrupt node");
        }

        return new CompiledGraph(Name, _channels, _nodes, _edges, _branches, _joins, checkpointer, interruptBefore ?? [], interruptAfter ?? []);
    }

    private StateGraph AddNodeCore(NodeDefinition definition)
    {
        ArgumentException.ThrowIfNullOrEmpty(definition.Name);
        if (GraphConstants.IsReserved(definition.Name) || definition.Name.Contains(':', StringComparison.Ordinal) || _nodes.Any(n => n.Name == definition.Name))
        {
            throw new ArgumentException($"Node name '{definition.Name}' is reserved, contains ':' or '|', or is used twice.", nameof(definition));
        }

        _nodes.Add(definition);
        return this;
    }
}

internal sealed record NodeDefinition(string Name, NodeAction? Action, CompiledGraph? Subgraph, NodeOptions Options)
{
    public string Trigger { get; } = GraphConstants.BranchPrefix + Name;
}

internal sealed record JoinDefinition(string Channel, IReadOnlyList<string> Sources, string Target);

internal sealed record BranchDefinition(Router Router, IReadOnlyDictionary<string, string>? PathMap);
