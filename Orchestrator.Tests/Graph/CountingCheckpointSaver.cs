using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Tests.Graph;

/// <summary>A checkpointer that counts the reads of a single checkpoint, so a test can tell whether a run read its thread.</summary>
internal sealed class CountingCheckpointSaver(ICheckpointSaver inner) : ICheckpointSaver
{
    private int _tupleReads;

    public int TupleReads => Volatile.Read(ref _tupleReads);

    public Task<CheckpointTuple?> GetTupleAsync(CheckpointConfig config, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _tupleReads);
        return inner.GetTupleAsync(config, cancellationToken);
    }

    public IAsyncEnumerable<CheckpointTuple> ListAsync(CheckpointListOptions options, CancellationToken cancellationToken = default) => inner.ListAsync(options, cancellationToken);

    public Task<CheckpointConfig> PutAsync(CheckpointConfig config, Checkpoint checkpoint, CheckpointMetadata metadata, IReadOnlyDictionary<string, long> newVersions, CancellationToken cancellationToken = default) =>
        inner.PutAsync(config, checkpoint, metadata, newVersions, cancellationToken);

    public Task PutManyAsync(IReadOnlyList<CheckpointPut> puts, CancellationToken cancellationToken = default) => inner.PutManyAsync(puts, cancellationToken);

    public Task PutWritesAsync(CheckpointConfig config, IReadOnlyList<PendingWrite> writes, string taskId, CancellationToken cancellationToken = default) =>
        inner.PutWritesAsync(config, writes, taskId, cancellationToken);

    public Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default) => inner.DeleteThreadAsync(threadId, cancellationToken);

    public Task<int> PruneAsync(string threadId, int keepLatest, CancellationToken cancellationToken = default) => inner.PruneAsync(threadId, keepLatest, cancellationToken);
}
