using System.Text.Json;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Engine;

/// <summary>Applying writes, taking checkpoints, and stopping a step on interrupts and errors.</summary>
internal sealed partial class PregelRun
{
    private async Task ApplyInputAsync(JsonElement input)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidUpdateException($"The input of graph '{_graph.Name}' must be a JSON object of state keys, not {input.ValueKind}.");
        }

        List<KeyValuePair<string, JsonElement>> updates = [.. input.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value))];
        var writes = BuildWrites(GraphConstants.Start, updates, [], [], new StateView(_graph, _channels));
        // New input starts a new run of the thread: work left pending by an earlier, interrupted run is discarded (as
        // LangGraph does), so its nodes and packets do not run alongside the new input.
        var discarded = Plan(strict: false);
        await CommitAsync(writes, consumeSends: true, discarded, CheckpointMetadata.SourceInput, CurrentStep + 1);
        _sink?.Emit(StreamMode.Values, Values());
    }

    private async Task CommitExternalWritesAsync(JsonElement? update, string? asNode, IReadOnlyList<string>? gotos, string source)
    {
        List<KeyValuePair<string, JsonElement>> updates = [];
        if (update is { } value && value.HasValue())
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidCommandException($"A state update must be a JSON object of state keys, not {value.ValueKind}.");
            }

            updates.AddRange(value.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value)));
        }

        foreach (var target in gotos ?? [])
        {
            if (target != GraphConstants.End && !_graph.NodeByName.ContainsKey(target))
            {
                throw new InvalidCommandException($"Cannot go to '{target}': graph '{_graph.Name}' has no such node.");
            }
        }

        foreach (var key in updates.Select(u => u.Key))
        {
            if (!_graph.ChannelIndex.ContainsKey(key))
            {
                throw new InvalidCommandException($"Cannot update '{key}': it is not a state key of graph '{_graph.Name}' (keys: {string.Join(", ", _graph.ChannelNames)}).");
            }
        }

        List<PregelTask>? asTask = null;
        List<KeyValuePair<string, JsonElement>> writes;
        var view = new StateView(_graph, _channels);
        if (asNode is null)
        {
            writes = [.. updates];
            foreach (var target in gotos ?? [])
            {
                AddTarget(writes, "goto", target);
            }
        }
        else
        {
            if (asNode != GraphConstants.Start && !_graph.NodeByName.ContainsKey(asNode))
            {
                throw new InvalidCommandException($"as_node '{asNode}' is not a node of graph '{_graph.Name}'.");
            }

            writes = BuildWrites(asNode, updates, gotos ?? [], [], view);
            if (_graph.NodeByName.TryGetValue(asNode, out var node))
            {
                // The node counts as having run: its pending trigger is consumed.
                asTask = [new PregelTask("", node, node.Name, _versions.GetValueOrDefault(node.Trigger), default)];
            }
        }

        await CommitAsync(writes, consumeSends: false, asTask, source, CurrentStep + 1);
    }

    private async Task ApplyResumeAsync(Command command)
    {
        var pending = new List<(string TaskId, Interrupt Interrupt)>();
        foreach (var write in _pendingWrites.Where(w => w.Channel == GraphConstants.InterruptWrite))
        {
            pending.AddRange(write.Value.EnumerateArray().Select(i => (write.TaskId, Interrupt.FromJson(i))));
        }

        if (pending.Count == 0)
        {
            throw new InvalidCommandException($"Thread '{_config.ThreadId}' has no pending interrupt to resume.");
        }

        Dictionary<string, JsonElement> values;
        if (command.ResumeById is { } byId)
        {
            foreach (var id in byId.Keys)
            {
                if (!pending.Exists(p => p.Interrupt.Id == id))
                {
                    throw new InvalidCommandException($"No pending interrupt has id '{id}'; pending: {string.Join(", ", pending.Select(p => p.Interrupt.Id))}.");
                }
            }

            values = new Dictionary<string, JsonElement>(byId, StringComparer.Ordinal);
        }
        else
        {
            var dynamic = pending.Where(p => p.Interrupt.When == "during").ToList();
            if (dynamic.Count > 1)
            {
                throw new InvalidCommandException(
                    $"{dynamic.Count} interrupts are pending ({string.Join(", ", dynamic.Select(p => p.Interrupt.Id))}); resume them by id with a map of interrupt id to value.");
            }

            values = dynamic.Count == 1 ? new() { [dynamic[0].Interrupt.Id] = command.Resume!.Value } : [];
        }

        foreach (var group in pending.Where(p => values.ContainsKey(p.Interrupt.Id)).GroupBy(p => p.TaskId))
        {
            var merged = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var previous in _pendingWrites.Where(w => w.TaskId == group.Key && w.Channel == GraphConstants.ResumeWrite))
            {
                foreach (var entry in previous.Value.EnumerateObject())
                {
                    merged[entry.Name] = entry.Value;
                }
            }

            foreach (var (_, interrupt) in group)
            {
                merged[interrupt.Id] = values[interrupt.Id];
            }

            var write = new PendingWrite(group.Key, GraphConstants.ResumeWrite, JsonBuilder.Build(merged, static (w, m) =>
            {
                w.WriteStartObject();
                foreach (var (id, value) in m)
                {
                    w.WritePropertyName(id);
                    value.WriteTo(w);
                }

                w.WriteEndObject();
            }));
            _pendingWrites.RemoveAll(w => w.TaskId == group.Key && w.Channel == GraphConstants.ResumeWrite);
            _pendingWrites.Add(write);
            await PersistWritesAsync(group.Key, [write]);
        }
    }

    private async Task CommitAsync(List<KeyValuePair<string, JsonElement>> writes, bool consumeSends, List<PregelTask>? ranTasks, string source, int step)
    {
        var newVersions = new Dictionary<string, long>(StringComparer.Ordinal);
        List<string> updated = [];
        List<JsonElement>?[]? grouped = null;
        List<Send>? newSends = null;
        foreach (var (channel, value) in writes)
        {
            if (_graph.ChannelIndex.TryGetValue(channel, out var index))
            {
                grouped ??= new List<JsonElement>?[_channels.Length];
                (grouped[index] ??= []).Add(value);
            }
            else if (channel == GraphConstants.TasksChannel)
            {
                (newSends ??= []).Add(Send.FromJson(value));
            }
            else if (channel.StartsWith(GraphConstants.BranchPrefix, StringComparison.Ordinal))
            {
                _versions[channel] = CheckpointIds.NextVersion(_versions.GetValueOrDefault(channel));
            }
            else if (_graph.Joins.TryGetValue(channel, out var join))
            {
                ApplyJoin(join, value.GetString()!, newVersions);
            }
        }

        if (grouped is not null)
        {
            // Applied in channel order with each channel's writes in task order, so parallel branches merge deterministically.
            for (var i = 0; i < grouped.Length; i++)
            {
                if (grouped[i] is { } channelWrites && _channels[i].Update(channelWrites))
                {
                    Bump(_graph.ChannelNames[i], newVersions);
                    updated.Add(_graph.ChannelNames[i]);
                }
            }
        }

        if ((consumeSends && _sends.Count > 0) || newSends is not null)
        {
            _sends = consumeSends ? newSends ?? [] : [.. _sends, .. newSends ?? []];
            _sendsJson = _sends.Count == 0 ? default : JsonBuilder.Build(_sends, static (w, sends) =>
            {
                w.WriteStartArray();
                foreach (var send in sends)
                {
                    send.ToJson().WriteTo(w);
                }

                w.WriteEndArray();
            });
            Bump(GraphConstants.TasksChannel, newVersions);
        }

        foreach (var task in ranTasks ?? [])
        {
            if (!task.IsPush)
            {
                var seen = _seen.TryGetValue(task.Node.Name, out var previous)
                    ? new Dictionary<string, long>(previous, StringComparer.Ordinal)
                    : new Dictionary<string, long>(1, StringComparer.Ordinal);
                seen[task.Node.Trigger] = task.TriggerVersion;
                _seen[task.Node.Name] = seen;
            }
        }

        var values = new Dictionary<string, JsonElement>(_channels.Length + 1, StringComparer.Ordinal);
        for (var i = 0; i < _channels.Length; i++)
        {
            if (_channels[i].IsAvailable)
            {
                values[_graph.ChannelNames[i]] = _channels[i].Checkpoint();
            }
        }

        if (_sends.Count > 0)
        {
            values[GraphConstants.TasksChannel] = _sendsJson;
        }

        foreach (var (channel, seen) in _joinSeen)
        {
            if (seen.Count > 0)
            {
                values[channel] = JsonBuilder.Build(seen, static (w, s) =>
                {
                    w.WriteStartArray();
                    foreach (var source in s.Order(StringComparer.Ordinal))
                    {
                        w.WriteStringValue(source);
                    }

                    w.WriteEndArray();
                });
            }
        }

        var checkpoint = new Checkpoint
        {
            Id = CheckpointIds.New(),
            Ts = DateTimeOffset.UtcNow,
            ChannelValues = values,
            ChannelVersions = new Dictionary<string, long>(_versions, StringComparer.Ordinal),
            VersionsSeen = new Dictionary<string, IReadOnlyDictionary<string, long>>(_seen, StringComparer.Ordinal),
            UpdatedChannels = updated,
        };
        var metadata = new CheckpointMetadata
        {
            Source = source,
            Step = step,
            Parents = _parents,
            Extra = _config.Metadata ?? new Dictionary<string, JsonElement>(),
        };
        await SaveAsync(checkpoint, metadata, newVersions);
        _sink?.Emit(StreamMode.Debug, DebugCheckpoint());
    }

    /// <summary>Records that a source of a wait-for-all edge finished; when all have, triggers the target and resets.</summary>
    private void ApplyJoin(JoinDefinition join, string source, Dictionary<string, long> newVersions)
    {
        if (!_joinSeen.TryGetValue(join.Channel, out var seen))
        {
            seen = new HashSet<string>(StringComparer.Ordinal);
            _joinSeen[join.Channel] = seen;
        }

        seen.Add(source);
        if (join.Sources.All(seen.Contains))
        {
            seen.Clear();
            if (_graph.NodeByName.TryGetValue(join.Target, out var target))
            {
                _versions[target.Trigger] = CheckpointIds.NextVersion(_versions.GetValueOrDefault(target.Trigger));
            }
        }

        Bump(join.Channel, newVersions);
    }

    private void Bump(string channel, Dictionary<string, long> newVersions)
    {
        var version = CheckpointIds.NextVersion(_versions.GetValueOrDefault(channel));
        _versions[channel] = version;
        newVersions[channel] = version;
    }

    private async Task SaveAsync(Checkpoint checkpoint, CheckpointMetadata metadata, Dictionary<string, long> newVersions)
    {
        _checkpoint = checkpoint;
        _metadata = metadata;
        _pendingWrites = [];
        if (_saver is null)
        {
            return;
        }

        var parent = new CheckpointConfig(_config.ThreadId, _config.CheckpointNs, _persistedId);
        switch (_config.Durability)
        {
            case Durability.Sync:
                await _saver.PutAsync(parent, checkpoint, metadata, newVersions, _ct);
                _persistedId = checkpoint.Id;
                break;
            case Durability.Async:
                lock (_putGate)
                {
                    (_queuedPuts ??= []).Add(new CheckpointPut(parent, checkpoint, metadata, newVersions));
                    if (!_draining)
                    {
                        _draining = true;
                        _putChain = DrainPutsAsync();
                    }
                }

                _persistedId = checkpoint.Id;
                break;
            default:
                foreach (var (channel, version) in newVersions)
                {
                    _unsavedVersions[channel] = version;
                }

                _deferredMetadata = metadata;
                break;
        }
    }

    /// <summary>Saves queued checkpoints in the background; the steps that finish while one save is in flight go together in the next.</summary>
    private async Task DrainPutsAsync()
    {
        await Task.Yield();
        try
        {
            while (true)
            {
                List<CheckpointPut> batch;
                lock (_putGate)
                {
                    if (_queuedPuts is not { Count: > 0 })
                    {
                        _draining = false;
                        return;
                    }

                    batch = _queuedPuts;
                    _queuedPuts = null;
                }

                await _saver!.PutManyAsync(batch, _ct);
            }
        }
        catch
        {
            lock (_putGate)
            {
                _draining = false;
            }

            throw;
        }
    }

    private async Task AwaitQueuedPutsAsync()
    {
        while (true)
        {
            Task chain;
            lock (_putGate)
            {
                chain = _putChain;
                if (!_draining && chain.IsCompleted)
                {
                    break;
                }
            }

            await chain;
        }

        // Surfaces a failed background save.
        await _putChain;
    }

    private async Task FlushAsync()
    {
        if (_saver is null)
        {
            return;
        }

        await AwaitQueuedPutsAsync();
        if (DeferredPut() is { } put)
        {
            await _saver.PutAsync(put.Config, put.Checkpoint, put.Metadata, put.NewVersions, _ct);
            DeferredPutSaved();
        }
    }

    /// <summary>Like <see cref="FlushAsync"/>, but returns the checkpoint deferred to the exit unsaved, for the caller to save.</summary>
    private async Task<CheckpointPut?> FlushAllButExitAsync()
    {
        if (_saver is null)
        {
            return null;
        }

        await AwaitQueuedPutsAsync();
        var put = DeferredPut();
        if (put is not null)
        {
            DeferredPutSaved();
        }

        return put;
    }

    // Exit durability: the current checkpoint with every channel changed since the last save.
    private CheckpointPut? DeferredPut() => _deferredMetadata is { } metadata
        ? new CheckpointPut(new CheckpointConfig(_config.ThreadId, _config.CheckpointNs, _persistedId), _checkpoint, metadata, new Dictionary<string, long>(_unsavedVersions))
        : null;

    private void DeferredPutSaved()
    {
        _persistedId = _checkpoint.Id;
        _unsavedVersions.Clear();
        _deferredMetadata = null;
    }

    private async Task PersistWritesAsync(string taskId, List<PendingWrite> writes)
    {
        if (_saver is null)
        {
            return;
        }

        if (_config.Durability == Durability.Async)
        {
            await AwaitQueuedPutsAsync();
        }

        await _saver.PutWritesAsync(CurrentConfig(), writes, taskId, _ct);
    }

    private async Task<GraphRunResult> StopStepAsync(TaskOutcome[] outcomes)
    {
        await FlushAsync();
        foreach (var outcome in outcomes)
        {
            if (!outcome.Persisted)
            {
                await PersistWritesAsync(outcome.Task.Id, outcome.ToPendingWrites());
            }
        }

        if (Array.Find(outcomes, o => o.Error is not null) is { } failed)
        {
            throw new GraphNodeException($"Node '{failed.Task.Node.Name}' failed: {failed.Error!.Message}", failed.Error) { Node = failed.Task.Node.Name };
        }

        List<Interrupt> interrupts = [.. outcomes.Where(o => o.Interrupts is not null).SelectMany(o => o.Interrupts!)];
        EmitInterrupts(interrupts);
        return new GraphRunResult(GraphRunStatus.Interrupted, Values(), interrupts, CurrentConfig());
    }

    private async Task<GraphRunResult> InterruptStaticAsync(List<PregelTask> tasks, string when)
    {
        await FlushAsync();
        List<Interrupt> interrupts = [];
        foreach (var task in tasks)
        {
            var interrupt = new Interrupt(CheckpointIds.Deterministic(_config.CheckpointNs, task.Id, when, ""), JsonBuilder.Null, when, task.Node.Name);
            interrupts.Add(interrupt);
            await PersistWritesAsync(task.Id, new TaskOutcome(task) { Interrupts = [interrupt] }.ToPendingWrites());
        }

        EmitInterrupts(interrupts);
        return new GraphRunResult(GraphRunStatus.Interrupted, Values(), interrupts, CurrentConfig());
    }

    private CheckpointConfig CurrentConfig() => new(_config.ThreadId, _config.CheckpointNs, _persistedId ?? _checkpoint.Id);

    private JsonElement Values() => new StateView(_graph, _channels).ToJson();
}
