using System.Collections.Concurrent;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Tests.Graph;

/// <summary>
/// A checkpointer that records what passes through it to the one it wraps: how often a single checkpoint is read (so
/// a test can tell whether a run read its thread), and the new channel versions of every checkpoint saved.
/// </summary>
internal sealed class RecordingCheckpointSaver(ICheckpointSaver inner) : ICheckpointSaver
{
    private readonly ConcurrentQueue<IReadOnlyDictionary<string, long>> _newVersions = new();
    private int _tupleReads;

    public int TupleReads => Volatile.Read(ref _tupleReads);

    /// <summary>Each saved checkpoint's new versions, in the order saved.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, long>> NewVersions => [.. _newVersions];

    public Task<CheckpointTuple?> GetTupleAsync(CheckpointConfig config, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _tupleReads);
        return inner.GetTupleAsync(config, cancellationToken);
    }

    public IAsyncEnumerable<CheckpointTuple> ListAsync(CheckpointListOptions options, CancellationToken cancellationToken = default) => inner.ListAsync(options, cancellationToken);

    public Task<CheckpointConfig> PutAsync(CheckpointConfig config, Checkpoint checkpoint, CheckpointMetadata metadata, IReadOnlyDictionary<string, long> newVersions, CancellationToken cancellationToken = default)
    {
        _newVersions.Enqueue(newVersions);
        return inner.PutAsync(config, checkpoint, metadata, newVersions, cancellationToken);
    }

    public Task PutManyAsync(IReadOnlyList<CheckpointPut> puts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(puts);
        foreach (var put in puts)
        {
            _newVersions.Enqueue(put.NewVersions);
        }

        return inner.PutManyAsync(puts, cancellationToken);
    }

    public Task PutWritesAsync(CheckpointConfig config, IReadOnlyList<PendingWrite> writes, string taskId, CancellationToken cancellationToken = default) =>
        inner.PutWritesAsync(config, writes, taskId, cancellationToken);

    public Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default) => inner.DeleteThreadAsync(threadId, cancellationToken);

    public Task<int> PruneAsync(string threadId, int keepLatest, CancellationToken cancellationToken = default) => inner.PruneAsync(threadId, keepLatest, cancellationToken);
}
