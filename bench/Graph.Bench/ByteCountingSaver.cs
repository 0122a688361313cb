using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Graph.Bench;

/// <summary>Counts the bytes each checkpoint adds to the store: the new value blobs plus the checkpoint body.</summary>
internal sealed class ByteCountingSaver(ICheckpointSaver inner) : ICheckpointSaver
{
    public List<long> BytesPerCheckpoint { get; } = [];

    public Task<CheckpointTuple?> GetTupleAsync(CheckpointConfig config, CancellationToken cancellationToken = default) => inner.GetTupleAsync(config, cancellationToken);

    public IAsyncEnumerable<CheckpointTuple> ListAsync(CheckpointListOptions options, CancellationToken cancellationToken = default) => inner.ListAsync(options, cancellationToken);

    public Task<CheckpointConfig> PutAsync(CheckpointConfig config, Checkpoint checkpoint, CheckpointMetadata metadata, IReadOnlyDictionary<string, long> newVersions, CancellationToken cancellationToken = default)
    {
        long bytes = JsonBuilder.ToUtf8(JsonBuilder.Build(checkpoint, CheckpointJson.WriteBody)).Length + JsonBuilder.ToUtf8(metadata.ToJson()).Length;
        foreach (var channel in newVersions.Keys)
        {
            if (checkpoint.ChannelValues.TryGetValue(channel, out var value))
            {
                bytes += JsonBuilder.ToUtf8(value).Length;
            }
        }

        BytesPerCheckpoint.Add(bytes);
        return inner.PutAsync(config, checkpoint, metadata, newVersions, cancellationToken);
    }

    public Task PutWritesAsync(CheckpointConfig config, IReadOnlyList<PendingWrite> writes, string taskId, CancellationToken cancellationToken = default) => inner.PutWritesAsync(config, writes, taskId, cancellationToken);

    public Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default) => inner.DeleteThreadAsync(threadId, cancellationToken);

    public Task<int> PruneAsync(string threadId, int keepLatest, CancellationToken cancellationToken = default) => inner.PruneAsync(threadId, keepLatest, cancellationToken);
}
