namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>
/// Stores checkpoints and pending writes (the shape of LangGraph's BaseCheckpointSaver).
/// </summary>
/// <remarks>
/// Implementations must be safe for concurrent use. Checkpoints are listed newest first (ids sort by time). Regular
/// writes of a task are saved once (a second save of the same task and index is ignored); the special writes
/// (interrupt, resume, error) replace the previous one of that task.
/// </remarks>
public interface ICheckpointSaver
{
    /// <summary>The checkpoint addressed by <paramref name="config"/>, or the latest of its thread and namespace when it has no id.</summary>
    Task<CheckpointTuple?> GetTupleAsync(CheckpointConfig config, CancellationToken cancellationToken = default);

    /// <summary>Checkpoints matching <paramref name="options"/>, newest first.</summary>
    IAsyncEnumerable<CheckpointTuple> ListAsync(CheckpointListOptions options, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves a checkpoint as a child of <paramref name="config"/>'s checkpoint (the parent, when it has an id).
    /// </summary>
    /// <param name="config">Thread, namespace and parent checkpoint id.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="metadata">What produced it.</param>
    /// <param name="newVersions">Channels whose value changed since the parent was saved; only these need new value blobs.</param>
    /// <param name="cancellationToken">Cancels the save.</param>
    /// <returns>The address of the saved checkpoint.</returns>
    Task<CheckpointConfig> PutAsync(CheckpointConfig config, Checkpoint checkpoint, CheckpointMetadata metadata, IReadOnlyDictionary<string, long> newVersions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves several checkpoints, oldest first, ideally in one round trip and one commit (async durability batches the
    /// checkpoints of the steps that ran while the previous save was in flight).
    /// </summary>
    async Task PutManyAsync(IReadOnlyList<CheckpointPut> puts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(puts);
        foreach (var put in puts)
        {
            await PutAsync(put.Config, put.Checkpoint, put.Metadata, put.NewVersions, cancellationToken);
        }
    }

    /// <summary>Saves writes of one task against the checkpoint addressed by <paramref name="config"/>.</summary>
    Task PutWritesAsync(CheckpointConfig config, IReadOnlyList<PendingWrite> writes, string taskId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every checkpoint and write of a thread, in all namespaces.</summary>
    Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default);

    /// <summary>Retention: keeps the newest <paramref name="keepLatest"/> checkpoints per namespace of a thread and deletes the rest with their writes.</summary>
    /// <returns>How many checkpoints were deleted.</returns>
    Task<int> PruneAsync(string threadId, int keepLatest, CancellationToken cancellationToken = default);
}
