using System.Runtime.CompilerServices;

namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>A process-local checkpoint store for tests and ephemeral runs.</summary>
public sealed class InMemoryCheckpointSaver : ICheckpointSaver
{
    private readonly Lock _gate = new();

    // (thread, ns) → checkpoints by id, ordered oldest first.
    private readonly Dictionary<(string Thread, string Ns), SortedList<string, Stored>> _checkpoints = [];

    private sealed class Stored(Checkpoint checkpoint, CheckpointMetadata metadata, string? parentId)
    {
        public Checkpoint Checkpoint { get; } = checkpoint;

        public CheckpointMetadata Metadata { get; } = metadata;

        public string? ParentId { get; } = parentId;

        public SortedDictionary<(string TaskId, int Index), PendingWrite> Writes { get; } = [];

        public List<(string TaskId, int Index)> Order { get; } = [];
    }

    /// <inheritdoc />
    public Task<CheckpointTuple?> GetTupleAsync(CheckpointConfig config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_gate)
        {
            if (!_checkpoints.TryGetValue((config.ThreadId, config.CheckpointNs), out var list) || list.Count == 0)
            {
                return Task.FromResult<CheckpointTuple?>(null);
            }

            if (config.CheckpointId is null)
            {
                return Task.FromResult<CheckpointTuple?>(ToTuple(config.ThreadId, config.CheckpointNs, list.Values[^1]));
            }

            return Task.FromResult(list.TryGetValue(config.CheckpointId, out var stored) ? ToTuple(config.ThreadId, config.CheckpointNs, stored) : null);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CheckpointTuple> ListAsync(CheckpointListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<CheckpointTuple> result = [];
        lock (_gate)
        {
            foreach (var ((thread, ns), list) in _checkpoints)
            {
                if ((options.ThreadId is not null && thread != options.ThreadId) || (options.CheckpointNs is not null && ns != options.CheckpointNs))
                {
                    continue;
                }

                foreach (var stored in list.Values)
                {
                    if ((options.Before is null || string.CompareOrdinal(stored.Checkpoint.Id, options.Before) < 0) && stored.Metadata.Matches(options.Filter))
                    {
                        result.Add(ToTuple(thread, ns, stored));
                    }
                }
            }
        }

        result.Sort(static (a, b) => string.CompareOrdinal(b.Checkpoint.Id, a.Checkpoint.Id));
        var limit = options.Limit ?? int.MaxValue;
        foreach (var tuple in result.Take(limit))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return tuple;
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<CheckpointConfig> PutAsync(CheckpointConfig config, Checkpoint checkpoint, CheckpointMetadata metadata, IReadOnlyDictionary<string, long> newVersions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(checkpoint);
        lock (_gate)
        {
            var key = (config.ThreadId, config.CheckpointNs);
            if (!_checkpoints.TryGetValue(key, out var list))
            {
                list = new SortedList<string, Stored>(StringComparer.Ordinal);
                _checkpoints[key] = list;
            }

            list[checkpoint.Id] = new Stored(checkpoint, metadata, config.CheckpointId);
        }

        return Task.FromResult(config with { CheckpointId = checkpoint.Id });
    }

    /// <inheritdoc />
    public Task PutWritesAsync(CheckpointConfig config, IReadOnlyList<PendingWrite> writes, string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(writes);
        if (config.CheckpointId is null)
        {
            throw new ArgumentException("Writes must address a checkpoint id.", nameof(config));
        }

        lock (_gate)
        {
            if (!_checkpoints.TryGetValue((config.ThreadId, config.CheckpointNs), out var list) || !list.TryGetValue(config.CheckpointId, out var stored))
            {
                throw new InvalidOperationException($"Checkpoint '{config.CheckpointId}' of thread '{config.ThreadId}' does not exist.");
            }

            for (var i = 0; i < writes.Count; i++)
            {
                var write = writes[i];
                var slot = (taskId, WriteIndex.Of(write.Channel, i));
                if (slot.Item2 < 0)
                {
                    if (!stored.Writes.ContainsKey(slot))
                    {
                        stored.Order.Add(slot);
                    }

                    stored.Writes[slot] = write with { TaskId = taskId };
                }
                else if (stored.Writes.TryAdd(slot, write with { TaskId = taskId }))
                {
                    stored.Order.Add(slot);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var key in _checkpoints.Keys.Where(k => k.Thread == threadId).ToList())
            {
                _checkpoints.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> PruneAsync(string threadId, int keepLatest, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepLatest, 1);
        var deleted = 0;
        lock (_gate)
        {
            foreach (var (key, list) in _checkpoints)
            {
                if (key.Thread != threadId)
                {
                    continue;
                }

                while (list.Count > keepLatest)
                {
                    list.RemoveAt(0);
                    deleted++;
                }
            }
        }

        return Task.FromResult(deleted);
    }

    private static CheckpointTuple ToTuple(string thread, string ns, Stored stored) => new(
        new CheckpointConfig(thread, ns, stored.Checkpoint.Id),
        stored.Checkpoint,
        stored.Metadata,
        stored.ParentId is null ? null : new CheckpointConfig(thread, ns, stored.ParentId),
        stored.Order.Select(slot => stored.Writes[slot]).ToList());
}
