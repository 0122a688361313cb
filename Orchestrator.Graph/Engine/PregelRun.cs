using System.Globalization;
using System.Text.Json;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Engine;

/// <summary>
/// One execution of a graph on one thread and namespace: bulk-synchronous super-steps over the channels, a checkpoint
/// after each, pending writes of finished tasks so a failed or interrupted step resumes without redoing them.
/// </summary>
internal sealed partial class PregelRun
{
    private readonly CompiledGraph _graph;
    private readonly RunConfig _config;
    private readonly ICheckpointSaver? _saver;
    private readonly StreamSink? _sink;
    private readonly IReadOnlyDictionary<string, string> _parents;
    private readonly CancellationToken _ct;
    private readonly Channel[] _channels;
    private readonly Dictionary<string, long> _unsavedVersions = new(StringComparer.Ordinal);
    private Dictionary<string, long> _versions = new(StringComparer.Ordinal);
    private Dictionary<string, IReadOnlyDictionary<string, long>> _seen = new(StringComparer.Ordinal);
    private List<Send> _sends = [];
    private Dictionary<string, HashSet<string>> _joinSeen = new(StringComparer.Ordinal);
    private JsonElement _sendsJson;
    private Checkpoint _checkpoint = Checkpoint.Empty();
    private CheckpointMetadata? _metadata;
    private List<PendingWrite> _pendingWrites = [];
    private string? _persistedId;
    private readonly Lock _putGate = new();
    private Task _putChain = Task.CompletedTask;
    private List<CheckpointPut>? _queuedPuts;
    private bool _draining;
    private CheckpointMetadata? _deferredMetadata;

    public PregelRun(CompiledGraph graph, RunConfig config, StreamSink? sink, IReadOnlyDictionary<string, string> parents, CancellationToken cancellationToken, ICheckpointSaver? saverOverride = null, bool useOverride = false)
    {
        _graph = graph;
        _config = config;
        _saver = useOverride ? saverOverride : graph.Checkpointer;
        _sink = sink;
        _parents = parents;
        _ct = cancellationToken;
        _channels = new Channel[graph.ChannelSpecs.Length];
        for (var i = 0; i < _channels.Length; i++)
        {
            _channels[i] = graph.ChannelSpecs[i].Create(graph.ChannelNames[i]);
        }

        if (_saver is not null && string.IsNullOrEmpty(config.ThreadId))
        {
            throw new ArgumentException($"Graph '{graph.Name}' has a checkpointer, so a run needs RunConfig.ThreadId.", nameof(config));
        }

        if (config.Latest?.Tuple is { } latest && (latest.Config.ThreadId != config.ThreadId || latest.Config.CheckpointNs != config.CheckpointNs))
        {
            throw new ArgumentException(
                $"RunConfig.Latest is a checkpoint of thread '{latest.Config.ThreadId}' (namespace '{latest.Config.CheckpointNs}'), not of this run's thread '{config.ThreadId}'.", nameof(config));
        }
    }

    private int CurrentStep => _metadata?.Step ?? -2;

    private HashSet<string> InterruptBefore => field ??= _config.InterruptBefore is { } list ? [.. list] : _graph.InterruptBefore;

    private HashSet<string> InterruptAfter => field ??= _config.InterruptAfter is { } list ? [.. list] : _graph.InterruptAfter;

    public async Task<GraphRunResult> RunAsync(JsonElement? input, Command? command)
    {
        using var activity = GraphTelemetry.StartRun(_graph.Name, _config.ThreadId);
        try
        {
            var result = await RunCoreAsync(input, command);
            activity?.SetTag("orchestrator.graph.status", result.Status.ToString().ToLowerInvariant());
            return result;
        }
        catch (Exception error) when (activity is not null)
        {
            activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.Message);
            throw;
        }
    }

    private async Task<GraphRunResult> RunCoreAsync(JsonElement? input, Command? command)
    {
        var tuple = await LoadAsync();
        bool resuming;
        if (command is not null)
        {
            if (command.IsResume && (command.Update is not null || command.Goto is not null))
            {
                throw new InvalidCommandException("A command either resumes interrupts or updates state and goes to nodes; send resume in one command and update/goto in another.");
            }

            if (tuple is null)
            {
                throw new InvalidCommandException($"Thread '{_config.ThreadId}' has no checkpoint to apply a command to.");
            }

            if (command.IsResume)
            {
                await ApplyResumeAsync(command);
            }
            else
            {
                await CommitExternalWritesAsync(command.Update, command.AsNode, command.Goto, CheckpointMetadata.SourceInput);
            }

            resuming = true;
        }
        else if (input is { } value && value.HasValue())
        {
            await ApplyInputAsync(value);
            resuming = false;
        }
        else
        {
            if (tuple is null)
            {
                return new GraphRunResult(GraphRunStatus.Completed, Values(), [], null);
            }

            resuming = true;
        }

        ValidateSchema();
        return await LoopAsync(resuming);
    }

    public async Task<CheckpointConfig> UpdateStateAsync(JsonElement values, string? asNode)
    {
        var tuple = await LoadAsync();
        if (tuple is null && asNode is null)
        {
            asNode = GraphConstants.Start;
        }

        await CommitExternalWritesAsync(values, asNode, null, CheckpointMetadata.SourceUpdate);
        await FlushAsync();
        return CurrentConfig();
    }

    public static StateSnapshot Snapshot(CompiledGraph graph, CheckpointTuple tuple)
    {
        var run = new PregelRun(graph, new RunConfig { ThreadId = tuple.Config.ThreadId, CheckpointNs = tuple.Config.CheckpointNs }, null, new Dictionary<string, string>(), CancellationToken.None, null, useOverride: true);
        run.Load(tuple);
        var tasks = run.Plan(strict: false);
        var byTask = tuple.PendingWrites.ToLookup(w => w.TaskId);
        List<SnapshotTask> snapshotTasks = [];
        foreach (var task in tasks)
        {
            string? error = null;
            List<Interrupt> interrupts = [];
            foreach (var write in byTask[task.Id])
            {
                if (write.Channel == GraphConstants.ErrorWrite)
                {
                    error = write.Value.TryGetProperty("message", out var m) ? m.GetString() : write.Value.GetRawText();
                }
                else if (write.Channel == GraphConstants.InterruptWrite)
                {
                    interrupts.AddRange(write.Value.EnumerateArray().Select(Interrupt.FromJson));
                }
            }

            snapshotTasks.Add(new SnapshotTask(task.Id, task.Node.Name, error, interrupts));
        }

        return new StateSnapshot(run.Values(), [.. tasks.Select(t => t.Node.Name)], tuple.Config, tuple.Metadata, tuple.Checkpoint.Ts, tuple.ParentConfig, snapshotTasks);
    }

    private async Task<CheckpointTuple?> LoadAsync()
    {
        if (_saver is null)
        {
            return null;
        }

        var tuple = _config is { Latest: { } latest, CheckpointId: null }
            ? latest.Tuple
            : await _saver.GetTupleAsync(_config.ToCheckpointConfig(), _ct);
        if (tuple is null && _config.CheckpointId is not null)
        {
            throw new CheckpointNotFoundException($"Checkpoint '{_config.CheckpointId}' of thread '{_config.ThreadId}' does not exist.");
        }

        if (tuple is not null)
        {
            Load(tuple);
        }

        return tuple;
    }

    private void Load(CheckpointTuple tuple)
    {
        var checkpoint = tuple.Checkpoint;
        for (var i = 0; i < _channels.Length; i++)
        {
            // A key the older version lacked simply starts empty; values of keys since removed are ignored.
            if (checkpoint.ChannelValues.TryGetValue(_graph.ChannelNames[i], out var value))
            {
                _channels[i].Restore(value);
            }
        }

        _versions = new Dictionary<string, long>(checkpoint.ChannelVersions, StringComparer.Ordinal);
        _seen = new Dictionary<string, IReadOnlyDictionary<string, long>>(checkpoint.VersionsSeen, StringComparer.Ordinal);
        _sends = checkpoint.ChannelValues.TryGetValue(GraphConstants.TasksChannel, out var sends) && sends.ValueKind == JsonValueKind.Array
            ? [.. sends.EnumerateArray().Select(Send.FromJson)]
            : [];
        _sendsJson = _sends.Count > 0 ? sends : default;
        _joinSeen = new(StringComparer.Ordinal);
        foreach (var channel in _graph.Joins.Keys)
        {
            if (checkpoint.ChannelValues.TryGetValue(channel, out var seen) && seen.ValueKind == JsonValueKind.Array)
            {
                _joinSeen[channel] = [.. seen.EnumerateArray().Select(s => s.GetString()!)];
            }
        }
        _checkpoint = checkpoint;
        _metadata = tuple.Metadata;
        _pendingWrites = [.. tuple.PendingWrites];
        _persistedId = checkpoint.Id;
    }

    private void ValidateSchema()
    {
        foreach (var (channel, version) in _versions)
        {
            if (channel.StartsWith(GraphConstants.BranchPrefix, StringComparison.Ordinal))
            {
                var node = channel[GraphConstants.BranchPrefix.Length..];
                if (!_graph.NodeByName.ContainsKey(node) && version > Seen(node, channel))
                {
                    throw RemovedNode(node);
                }
            }
        }

        foreach (var send in _sends)
        {
            if (!_graph.NodeByName.ContainsKey(send.Node))
            {
                throw RemovedNode(send.Node);
            }
        }
    }

    private CheckpointSchemaException RemovedNode(string node) => new(
        $"Checkpoint '{_checkpoint.Id}' of thread '{_config.ThreadId}' has pending work for node '{node}', which workflow '{_graph.Name}' no longer defines. " +
        "Continue from an earlier checkpoint, update the state with as_node to route around it, or start a new thread.");

    private long Seen(string node, string channel) =>
        _seen.TryGetValue(node, out var seen) && seen.TryGetValue(channel, out var version) ? version : 0;

    private List<PregelTask> Plan(bool strict)
    {
        List<PregelTask> tasks = [];
        var ns = _config.CheckpointNs;
        foreach (var node in _graph.Nodes)
        {
            if (_versions.TryGetValue(node.Trigger, out var version) && version > Seen(node.Name, node.Trigger))
            {
                tasks.Add(new PregelTask(CheckpointIds.Deterministic(ns, _checkpoint.Id, node.Name, node.Name), node, node.Name, version, default));
            }
        }

        for (var i = 0; i < _sends.Count; i++)
        {
            var send = _sends[i];
            if (!_graph.NodeByName.TryGetValue(send.Node, out var node))
            {
                if (strict)
                {
                    throw RemovedNode(send.Node);
                }

                continue;
            }

            var path = "push:" + i.ToString(CultureInfo.InvariantCulture);
            tasks.Add(new PregelTask(CheckpointIds.Deterministic(ns, _checkpoint.Id, node.Name, path), node, path, 0, send.Argument));
        }

        return tasks;
    }

    private async Task<GraphRunResult> LoopAsync(bool resuming)
    {
        var first = true;
        var executed = 0;
        try
        {
            while (true)
            {
                var tasks = Plan(strict: true);
                if (tasks.Count == 0)
                {
                    break;
                }

                if (executed >= _config.RecursionLimit)
                {
                    throw new GraphRecursionException(
                        $"Recursion limit of {_config.RecursionLimit} reached without hitting a stop condition in graph '{_graph.Name}' (thread '{_config.ThreadId}'). " +
                        "Raise RunConfig.RecursionLimit (recursion_limit) if the loop is intended, or add a route to END.");
                }

                var step = CurrentStep + 1;
                if (!(first && resuming) && InterruptBefore.Count > 0)
                {
                    var hit = tasks.Where(t => InterruptBefore.Contains(t.Node.Name)).ToList();
                    if (hit.Count > 0)
                    {
                        return await InterruptStaticAsync(hit, "before");
                    }
                }

                first = false;
                GraphTelemetry.StepExecuted(_graph.Name);
                var outcomes = await ExecuteAsync(tasks, step);
                if (Array.Exists(outcomes, o => o.Error is not null || o.Interrupts is not null))
                {
                    return await StopStepAsync(outcomes);
                }

                List<KeyValuePair<string, JsonElement>> writes = [];
                foreach (var outcome in outcomes)
                {
                    writes.AddRange(outcome.Writes);
                }

                await CommitAsync(writes, consumeSends: true, tasks, CheckpointMetadata.SourceLoop, step);
                EmitStep(outcomes);
                executed++;
                if (InterruptAfter.Count > 0)
                {
                    var hit = tasks.Where(t => InterruptAfter.Contains(t.Node.Name)).ToList();
                    if (hit.Count > 0)
                    {
                        await FlushAsync();
                        var interrupts = hit.Select(t => new Interrupt(CheckpointIds.Deterministic(_config.CheckpointNs, t.Id, "after", ""), JsonBuilder.Null, "after", t.Node.Name)).ToList();
                        EmitInterrupts(interrupts);
                        return new GraphRunResult(GraphRunStatus.Interrupted, Values(), interrupts, CurrentConfig());
                    }
                }
            }

            if (_config.HandOverExitCheckpoint)
            {
                var unsaved = await FlushAllButExitAsync();
                return new GraphRunResult(GraphRunStatus.Completed, Values(), [], CurrentConfig()) { UnsavedCheckpoint = unsaved };
            }

            await FlushAsync();
            return new GraphRunResult(GraphRunStatus.Completed, Values(), [], CurrentConfig());
        }
        catch (Exception) when (!_ct.IsCancellationRequested)
        {
            // Whatever completed must reach the store before the error surfaces (async and exit durability).
            await FlushAsync();
            throw;
        }
    }

    private async Task<TaskOutcome[]> ExecuteAsync(List<PregelTask> tasks, int step)
    {
        var view = new StateView(_graph, _channels);
        var saved = _pendingWrites.Count == 0 ? null : _pendingWrites.ToLookup(w => w.TaskId);
        if (tasks.Count == 1)
        {
            return [await RunOrReuseAsync(tasks[0], view, saved, step, parallel: false)];
        }

        var running = new Task<TaskOutcome>[tasks.Count];
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            running[i] = Task.Run(() => RunOrReuseAsync(task, view, saved, step, parallel: true), _ct);
        }

        return await Task.WhenAll(running);
    }

    private async Task<TaskOutcome> RunOrReuseAsync(PregelTask task, StateView view, ILookup<string, PendingWrite>? saved, int step, bool parallel)
    {
        var resume = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (saved is not null && saved.Contains(task.Id))
        {
            var writes = saved[task.Id].ToList();
            if (writes.Exists(w => !GraphConstants.IsSpecialWrite(w.Channel)))
            {
                // Finished in an earlier attempt of this step: its writes count, the node does not run again.
                return new TaskOutcome(task)
                {
                    Writes = [.. writes.Where(w => !GraphConstants.IsSpecialWrite(w.Channel) && w.Channel != GraphConstants.NoWrites).Select(w => KeyValuePair.Create(w.Channel, w.Value))],
                    Persisted = true,
                };
            }

            foreach (var write in writes.Where(w => w.Channel == GraphConstants.ResumeWrite))
            {
                foreach (var entry in write.Value.EnumerateObject())
                {
                    resume[entry.Name] = entry.Value;
                }
            }
        }

        EmitDebugTask(task, step);
        var outcome = await RunTaskAsync(task, view, resume, step);
        if (parallel && outcome.Error is null && outcome.Interrupts is null && _saver is not null && _config.Durability != Durability.Exit)
        {
            await PersistWritesAsync(task.Id, outcome.ToPendingWrites());
            outcome.Persisted = true;
        }

        EmitDebugResult(outcome, step);
        return outcome;
    }

    private async Task<TaskOutcome> RunTaskAsync(PregelTask task, StateView view, IReadOnlyDictionary<string, JsonElement> resume, int step)
    {
        using var activity = GraphTelemetry.StartNode(_graph.Name, task.Node.Name, task.Node.Options.ObservationType, step);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var outcome = await RunTaskAttemptsAsync(task, view, resume, step);
        var result = outcome.Error is not null ? "error" : outcome.Interrupts is not null ? "interrupted" : "success";
        if (outcome.Error is { } error)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, error.Message);
            activity?.AddException(error);
        }

        GraphTelemetry.NodeFinished(_graph.Name, task.Node.Name, result, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return outcome;
    }

    private async Task<TaskOutcome> RunTaskAttemptsAsync(PregelTask task, StateView view, IReadOnlyDictionary<string, JsonElement> resume, int step)
    {
        var node = task.Node;
        var attempt = 0;
        while (true)
        {
            attempt++;
            Exception error;
            using var timeout = node.Options.Timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(_ct);
            try
            {
                timeout?.CancelAfter(node.Options.Timeout!.Value);
                var context = new NodeContext(node.Name, task.Id, step, _config.CheckpointNs, view, task.Argument, _config, _sink, resume, timeout?.Token ?? _ct);
                var pending = node.Subgraph is not null ? RunSubgraphAsync(task, context) : node.Action!(context).AsTask();
                var result = node.Options.Timeout is { } limit ? await pending.WaitAsync(limit, _ct) : await pending;
                return new TaskOutcome(task) { Writes = BuildWrites(node.Name, result.Updates, result.Goto, result.Sends, view) };
            }
            catch (GraphInterruptException interrupt)
            {
                return new TaskOutcome(task) { Interrupts = interrupt.Interrupts };
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException && timeout?.IsCancellationRequested == true && !_ct.IsCancellationRequested)
            {
                error = new NodeTimeoutException($"Node '{node.Name}' did not finish within its timeout of {node.Options.Timeout!.Value.TotalSeconds:0.###} s.", exception);
            }
            catch (TimeoutException exception) when (node.Options.Timeout is not null && !_ct.IsCancellationRequested)
            {
                error = new NodeTimeoutException($"Node '{node.Name}' did not finish within its timeout of {node.Options.Timeout!.Value.TotalSeconds:0.###} s.", exception);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !_ct.IsCancellationRequested)
            {
                error = exception;
            }

            if (node.Options.Retry is { } retry && attempt < retry.MaxAttempts && retry.ShouldRetry(error))
            {
                await Task.Delay(retry.DelayBefore(attempt), _ct);
                continue;
            }

            return new TaskOutcome(task) { Error = error };
        }
    }

    private async Task<NodeResult> RunSubgraphAsync(PregelTask task, NodeContext context)
    {
        var subgraph = task.Node.Subgraph!;
        var entry = task.Node.Name + ":" + task.Id;
        var ns = _config.CheckpointNs.Length == 0 ? entry : _config.CheckpointNs + "|" + entry;
        var config = _config with { CheckpointNs = ns, CheckpointId = null, InterruptBefore = null, InterruptAfter = null, Latest = null, HandOverExitCheckpoint = false };
        var parents = new Dictionary<string, string>(_parents, StringComparer.Ordinal) { [_config.CheckpointNs] = _checkpoint.Id };
        var existing = _saver is null ? null : await _saver.GetTupleAsync(new CheckpointConfig(_config.ThreadId, ns), context.CancellationToken);
        var run = new PregelRun(subgraph, config, _sink?.ForSubgraph(entry), parents, context.CancellationToken, _saver, useOverride: true);
        JsonElement? input = null;
        Command? command = null;
        if (existing is null)
        {
            input = JsonBuilder.Build((subgraph, context.State), static (w, s) =>
            {
                w.WriteStartObject();
                foreach (var key in s.subgraph.ChannelNames)
                {
                    if (s.State.TryGetValue(key, out var value))
                    {
                        w.WritePropertyName(key);
                        value.WriteTo(w);
                    }
                }

                w.WriteEndObject();
            });
        }
        else if (context.ResumeValues.Count > 0)
        {
            command = new Command { ResumeById = context.ResumeValues };
        }

        var result = await run.RunAsync(input, command);
        if (result.Status == GraphRunStatus.Interrupted)
        {
            throw new GraphInterruptException(result.Interrupts);
        }

        List<KeyValuePair<string, JsonElement>> updates = [];
        foreach (var property in result.Values.EnumerateObject())
        {
            if (_graph.ChannelIndex.ContainsKey(property.Name))
            {
                updates.Add(KeyValuePair.Create(property.Name, property.Value));
            }
        }

        return new NodeResult { Updates = updates };
    }

    private List<KeyValuePair<string, JsonElement>> BuildWrites(string source, IReadOnlyList<KeyValuePair<string, JsonElement>> updates, IReadOnlyList<string> gotos, IReadOnlyList<Send> sends, StateView view)
    {
        var writes = new List<KeyValuePair<string, JsonElement>>(updates.Count + 2);
        foreach (var update in updates)
        {
            if (!_graph.ChannelIndex.ContainsKey(update.Key))
            {
                throw new InvalidUpdateException($"'{source}' wrote to '{update.Key}', which is not a state key of graph '{_graph.Name}' (keys: {string.Join(", ", _graph.ChannelNames)}).");
            }

            writes.Add(update);
        }

        foreach (var target in gotos)
        {
            AddTarget(writes, source, target);
        }

        foreach (var send in sends)
        {
            AddSend(writes, source, send);
        }

        if (_graph.EdgesFrom.TryGetValue(source, out var targets))
        {
            foreach (var target in targets)
            {
                AddTarget(writes, source, target);
            }
        }

        if (_graph.JoinsFrom.TryGetValue(source, out var joins))
        {
            foreach (var join in joins)
            {
                writes.Add(KeyValuePair.Create(join.Channel, JsonBuilder.FromString(source)));
            }
        }

        if (_graph.BranchesFrom.TryGetValue(source, out var branches))
        {
            var local = LocalView(view, updates);
            foreach (var branch in branches)
            {
                var route = branch.Router(local);
                foreach (var key in route.Nodes)
                {
                    var target = key;
                    if (branch.PathMap is not null && !branch.PathMap.TryGetValue(key, out target!))
                    {
                        throw new InvalidUpdateException($"The router after '{source}' returned '{key}', which its path map does not contain ({string.Join(", ", branch.PathMap.Keys)}).");
                    }

                    AddTarget(writes, source, target);
                }

                foreach (var send in route.Sends)
                {
                    AddSend(writes, source, send);
                }
            }
        }

        return writes;
    }

    private void AddTarget(List<KeyValuePair<string, JsonElement>> writes, string source, string target)
    {
        if (target == GraphConstants.End)
        {
            return;
        }

        if (!_graph.NodeByName.TryGetValue(target, out var node))
        {
            throw new InvalidUpdateException($"'{source}' routed to '{target}', which is not a node of graph '{_graph.Name}'.");
        }

        writes.Add(KeyValuePair.Create(node.Trigger, default(JsonElement)));
    }

    private void AddSend(List<KeyValuePair<string, JsonElement>> writes, string source, Send send)
    {
        if (!_graph.NodeByName.ContainsKey(send.Node))
        {
            throw new InvalidUpdateException($"'{source}' sent a packet to '{send.Node}', which is not a node of graph '{_graph.Name}'.");
        }

        writes.Add(KeyValuePair.Create(GraphConstants.TasksChannel, send.ToJson()));
    }

    private StateView LocalView(StateView view, IReadOnlyList<KeyValuePair<string, JsonElement>> updates)
    {
        if (updates.Count == 0)
        {
            return view;
        }

        var overlay = new Dictionary<int, Channel>();
        foreach (var group in updates.GroupBy(u => u.Key))
        {
            var index = _graph.ChannelIndex[group.Key];
            var copy = _channels[index].Copy();
            copy.Update([.. group.Select(g => g.Value)]);
            overlay[index] = copy;
        }

        return new StateView(_graph, _channels, overlay);
    }
}
