using Orchestrator.Graph.Engine.Checkpoints;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

/// <summary>A run given its thread's latest checkpoint (read by its caller) starts from it instead of reading it.</summary>
public class LatestCheckpointTests
{
    [Fact]
    public async Task Invoke_LatestGiven_ContinuesFromItWithoutReadingTheThread()
    {
        var saver = new RecordingCheckpointSaver(new InMemoryCheckpointSaver());
        var graph = Chain(saver);
        await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var latest = await saver.GetTupleAsync(new CheckpointConfig("t1")).WaitAsync(Wait);
        var readsBefore = saver.TupleReads;

        var second = await graph.InvokeAsync(J("{}"), Thread() with { Latest = new LatestCheckpoint(latest) }).WaitAsync(Wait);

        Assert.Equal(readsBefore, saver.TupleReads);
        Assert.Equal(["a", "b", "c", "a", "b", "c"], Strings(second.Values.GetProperty("log")));
        var saved = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1" }).ToListAsync().WaitAsync(Wait);
        Assert.Contains(saved, s => s.ParentConfig?.CheckpointId == latest!.Checkpoint.Id);
    }

    [Fact]
    public async Task Invoke_LatestGivenWithACheckpointId_ReadsTheCheckpointAskedFor()
    {
        var saver = new RecordingCheckpointSaver(new InMemoryCheckpointSaver());
        var graph = Chain(saver);
        var first = await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var latest = await saver.GetTupleAsync(new CheckpointConfig("t1")).WaitAsync(Wait);

        var replay = await graph.InvokeAsync(J("{}"), Thread() with { CheckpointId = first.Config!.CheckpointId, Latest = new LatestCheckpoint(latest) }).WaitAsync(Wait);

        Assert.Equal(["a", "b", "c", "a", "b", "c"], Strings(replay.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Invoke_LatestOfAnotherThread_IsRefused()
    {
        var saver = new InMemoryCheckpointSaver();
        var graph = Chain(saver);
        await graph.InvokeAsync(J("{}"), Thread("other")).WaitAsync(Wait);
        var others = await saver.GetTupleAsync(new CheckpointConfig("other")).WaitAsync(Wait);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => graph.InvokeAsync(J("{}"), Thread() with { Latest = new LatestCheckpoint(others) }).WaitAsync(Wait));

        Assert.Contains("'other'", refused.Message, StringComparison.Ordinal);
    }
}
