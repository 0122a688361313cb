using System.Runtime.CompilerServices;
using System.Text.Json;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Engine;

/// <summary>A validated, immutable graph: run it, stream it, and read or fork its threads' state.</summary>
public sealed class CompiledGraph
{
    internal CompiledGraph(
        string name,
        IReadOnlyList<(string Name, ChannelSpec Spec)> channels,
        IReadOnlyList<NodeDefinition> nodes,
        IReadOnlyList<(string From, string To)> edges,
        IReadOnlyList<(string From, BranchDefinition Branch)> branches,
        IReadOnlyList<JoinDefinition> joins,
        ICheckpointSaver? checkpointer,
        IReadOnlyList<string> interruptBefore,
        IReadOnlyList<string> interruptAfter)
    {
        Name = name;
        ChannelNames = [.. channels.Select(c => c.Name)];
        ChannelSpecs = [.. channels.Select(c => c.Spec)];
        ChannelIndex = ChannelNames.Select((n, i) => (n, i)).ToDictionary(p => p.n, p => p.i, StringComparer.Ordinal);
        Nodes = [.. nodes];
        NodeByName = Nodes.ToDictionary(n => n.Name, StringComparer.Ordinal);
        EdgesFrom = edges.GroupBy(e => e.From).ToDictionary(g => g.Key, g => g.Select(e => e.To).Distinct().ToArray(), StringComparer.Ordinal);
        BranchesFrom = branches.GroupBy(b => b.From).ToDictionary(g => g.Key, g => g.Select(b => b.Branch).ToArray(), StringComparer.Ordinal);
        Checkpointer = checkpointer;
        InterruptBefore = [.. interruptBefore];
        InterruptAfter = [.. interruptAfter];
        AllEdges = edges;
        AllBranches = branches;
        Joins = joins.ToDictionary(j => j.Channel, StringComparer.Ordinal);
        JoinsFrom = joins.SelectMany(j => j.Sources.Select(s => (s, j))).GroupBy(p => p.s).ToDictionary(g => g.Key, g => g.Select(p => p.j).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The workflow name.</summary>
    public string Name { get; }

    /// <summary>The checkpoint store, if any.</summary>
    public ICheckpointSaver? Checkpointer { get; }

    /// <summary>The state keys.</summary>
    public IReadOnlyList<string> ChannelNames { get; }

    /// <summary>The node names in declaration order.</summary>
    public IReadOnlyList<string> NodeNames => [.. Nodes.Select(n => n.Name)];

    internal ChannelSpec[] ChannelSpecs { get; }

    internal Dictionary<string, int> ChannelIndex { get; }

    internal NodeDefinition[] Nodes { get; }

    internal Dictionary<string, NodeDefinition> NodeByName { get; }

    internal Dictionary<string, string[]> EdgesFrom { get; }

    internal Dictionary<string, BranchDefinition[]> BranchesFrom { get; }

    internal Dictionary<string, JoinDefinition> Joins { get; }

    internal Dictionary<string, JoinDefinition[]> JoinsFrom { get; }

    internal HashSet<string> InterruptBefore { get; }

    internal HashSet<string> InterruptAfter { get; }

    internal IReadOnlyList<(string From, string To)> AllEdges { get; }

    internal IReadOnlyList<(string From, BranchDefinition Branch)> AllBranches { get; }

    /// <summary>Runs with new input (a JSON object of state keys) or, when <paramref name="input"/> is null, continues the thread from its checkpoint.</summary>
    public Task<GraphRunResult> InvokeAsync(JsonElement? input, RunConfig config, CancellationToken cancellationToken = default) =>
        RunAsync(input, null, config, null, cancellationToken);

    /// <summary>Continues a paused thread with a command (resume, update, goto).</summary>
    public Task<GraphRunResult> InvokeAsync(Command command, RunConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return RunAsync(null, command, config, null, cancellationToken);
    }

    /// <summary>Runs and reports events to <paramref name="onEvent"/> (called from engine threads; must be thread-safe and quick).</summary>
    public Task<GraphRunResult> RunAsync(JsonElement? input, Command? command, RunConfig config, Action<GraphEvent>? onEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var sink = onEvent is null ? null : new StreamSink(config.StreamMode, config.Subgraphs, onEvent, []);
        return new PregelRun(this, config, sink, new Dictionary<string, string>(), cancellationToken).RunAsync(input, command);
    }

    /// <summary>Runs and yields the events of the configured stream modes; an interrupt appears as an updates event with key <c>__interrupt__</c>.</summary>
    public async IAsyncEnumerable<GraphEvent> StreamAsync(JsonElement? input, Command? command, RunConfig config, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<GraphEvent>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });
        var run = Task.Run(async () =>
        {
            try
            {
                await RunAsync(input, command, config, e => channel.Writer.TryWrite(e), cancellationToken);
                channel.Writer.TryComplete();
            }
            catch (Exception exception)
            {
                channel.Writer.TryComplete(exception);
            }
        }, CancellationToken.None);

        await foreach (var item in channel.Reader.ReadAllAsync(CancellationToken.None))
        {
            yield return item;
        }

        await run;
    }

    /// <summary>The state at a checkpoint (the latest when <paramref name="config"/> has no id); null when the thread has none.</summary>
    public async Task<StateSnapshot?> GetStateAsync(CheckpointConfig config, CancellationToken cancellationToken = default)
    {
        var saver = RequireCheckpointer();
        var tuple = await saver.GetTupleAsync(config, cancellationToken);
        return tuple is null ? null : PregelRun.Snapshot(this, tuple);
    }

    /// <summary>The thread's checkpoints, newest first.</summary>
    public async IAsyncEnumerable<StateSnapshot> GetStateHistoryAsync(CheckpointConfig config, int? limit = null, string? before = null, IReadOnlyDictionary<string, JsonElement>? filter = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var saver = RequireCheckpointer();
        var options = new CheckpointListOptions { ThreadId = config.ThreadId, CheckpointNs = config.CheckpointNs, Before = before ?? config.CheckpointId, Limit = limit, Filter = filter };
        await foreach (var tuple in saver.ListAsync(options, cancellationToken))
        {
            yield return PregelRun.Snapshot(this, tuple);
        }
    }

    /// <summary>
    /// Writes <paramref name="values"/> (a JSON object of state keys) through the reducers as if <paramref name="asNode"/> had
    /// returned them, creating a new checkpoint whose parent is the addressed one (a fork when that is not the latest).
    /// </summary>
    /// <returns>The new checkpoint.</returns>
    public Task<CheckpointConfig> UpdateStateAsync(CheckpointConfig config, JsonElement values, string? asNode = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        RequireCheckpointer();
        var runConfig = new RunConfig { ThreadId = config.ThreadId, CheckpointNs = config.CheckpointNs, CheckpointId = config.CheckpointId };
        return new PregelRun(this, runConfig, null, new Dictionary<string, string>(), cancellationToken).UpdateStateAsync(values, asNode);
    }

    /// <summary>The graph's structure (nodes and edges) in LangGraph's drawable JSON shape.</summary>
    public JsonElement Describe() => JsonBuilder.Build(this, static (w, g) =>
    {
        w.WriteStartObject();
        w.WriteStartArray("nodes");
        foreach (var node in new[] { GraphConstants.Start }.Concat(g.Nodes.Select(n => n.Name)).Append(GraphConstants.End))
        {
            w.WriteStartObject();
            w.WriteString("id", node);
            w.WriteString("type", node is GraphConstants.Start or GraphConstants.End ? "schema" : "runnable");
            w.WriteString("data", node);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("edges");
        foreach (var (from, to) in g.AllEdges)
        {
            w.WriteStartObject();
            w.WriteString("source", from);
            w.WriteString("target", to);
            w.WriteEndObject();
        }

        foreach (var join in g.Joins.Values)
        {
            foreach (var source in join.Sources)
            {
                w.WriteStartObject();
                w.WriteString("source", source);
                w.WriteString("target", join.Target);
                w.WriteEndObject();
            }
        }

        foreach (var (from, branch) in g.AllBranches)
        {
            foreach (var target in branch.PathMap?.Values.Distinct() ?? [])
            {
                w.WriteStartObject();
                w.WriteString("source", from);
                w.WriteString("target", target);
                w.WriteBoolean("conditional", true);
                w.WriteEndObject();
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    private ICheckpointSaver RequireCheckpointer() =>
        Checkpointer ?? throw new InvalidOperationException($"Graph '{Name}' was compiled without a checkpointer; state and history need one.");
}
