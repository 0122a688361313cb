using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

public class DurabilityTests
{
    [Theory]
    [InlineData(Durability.Sync, 4)]
    [InlineData(Durability.Async, 4)]
    [InlineData(Durability.Exit, 1)]
    public async Task Invoke_DurabilityMode_SavesExpectedCheckpoints(Durability durability, int expected)
    {
        var saver = new InMemoryCheckpointSaver();

        var result = await Chain(saver).InvokeAsync(J("{}"), Thread() with { Durability = durability }).WaitAsync(Wait);

        var saved = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1" }).ToListAsync().WaitAsync(Wait);
        Assert.Equal(expected, saved.Count);
        Assert.Equal(result.Config!.CheckpointId, saved[0].Checkpoint.Id);
        Assert.Equal(["a", "b", "c"], Strings(saved[0].Checkpoint.ChannelValues["log"]));
    }

    [Fact]
    public async Task Invoke_SyncDurability_LinksEachCheckpointToItsParent()
    {
        var saver = new InMemoryCheckpointSaver();

        await Chain(saver).InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);

        var saved = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1" }).ToListAsync().WaitAsync(Wait);
        Assert.Equal([2, 1, 0, -1], saved.Select(s => s.Metadata.Step));
        for (var i = 0; i < saved.Count - 1; i++)
        {
            Assert.Equal(saved[i + 1].Checkpoint.Id, saved[i].ParentConfig!.CheckpointId);
        }

        Assert.Null(saved[^1].ParentConfig);
    }

    [Fact]
    public async Task Invoke_StepFailsInOneBranch_CompletedBranchIsNotRunAgainOnResume()
    {
        var saver = new InMemoryCheckpointSaver();
        var okRuns = 0;
        var failures = 1;
        var graph = new StateGraph("partial")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("ok", _ =>
            {
                Interlocked.Increment(ref okRuns);
                return ValueTask.FromResult(NodeResult.Update(("log", S("ok"))));
            })
            .AddNode("flaky", async c =>
            {
                await Task.Delay(50, c.CancellationToken);
                return failures-- > 0 ? throw new InvalidOperationException("transient") : NodeResult.Update(("log", S("flaky")));
            })
            .AddEdge(GraphConstants.Start, "ok")
            .AddEdge(GraphConstants.Start, "flaky")
            .Compile(saver);

        await Assert.ThrowsAsync<GraphNodeException>(() => graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait));
        var state = await graph.GetStateAsync(new CheckpointConfig("t1")).WaitAsync(Wait);
        var resumed = await graph.InvokeAsync((System.Text.Json.JsonElement?)null, Thread()).WaitAsync(Wait);

        Assert.Contains(state!.Tasks, t => t.Name == "flaky" && t.Error == "transient");
        Assert.Equal(1, okRuns);
        Assert.Equal(["ok", "flaky"], Strings(resumed.Values.GetProperty("log")));
    }

    [Fact]
    public async Task PostgresStyleStore_UnchangedChannels_AreNotInNewVersions()
    {
        var recorder = new RecordingCheckpointSaver(new InMemoryCheckpointSaver());
        var graph = new StateGraph("versions")
            .AddChannel("log", ChannelSpec.Append())
            .AddChannel("config", ChannelSpec.LastValue())
            .AddNode("a", Log("a"))
            .SetEntryPoint("a")
            .Compile(recorder);

        await graph.InvokeAsync(J("{'config':'fixed'}"), Thread()).WaitAsync(Wait);

        Assert.Contains("config", recorder.NewVersions[0].Keys);
        Assert.DoesNotContain("config", recorder.NewVersions[1].Keys);
        Assert.Contains("log", recorder.NewVersions[1].Keys);
    }
}
