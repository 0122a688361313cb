using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

/// <summary>A run asked to hand over its exit checkpoint leaves the final save to its caller, and only that save.</summary>
public class ExitCheckpointHandOverTests
{
    private static RunConfig HandOver(Durability durability = Durability.Exit) => Thread() with { Durability = durability, HandOverExitCheckpoint = true };

    [Fact]
    public async Task Invoke_ExitDurabilityHandingOver_ReturnsTheFinalCheckpointUnsavedAndTheNextRunContinuesFromItOnceSaved()
    {
        var saver = new RecordingCheckpointSaver(new InMemoryCheckpointSaver());
        var graph = Chain(saver);
        var first = await graph.InvokeAsync(J("{}"), Thread() with { Durability = Durability.Exit }).WaitAsync(Wait);
        var savesBefore = saver.NewVersions.Count;

        var second = await graph.InvokeAsync(J("{}"), HandOver()).WaitAsync(Wait);

        Assert.Equal(savesBefore, saver.NewVersions.Count);
        var unsaved = Assert.IsType<CheckpointPut>(second.UnsavedCheckpoint);
        Assert.Equal(first.Config!.CheckpointId, unsaved.Config.CheckpointId);
        Assert.Equal(second.Config!.CheckpointId, unsaved.Checkpoint.Id);
        Assert.Equal(first.Config.CheckpointId, (await saver.GetTupleAsync(new CheckpointConfig("t1")).WaitAsync(Wait))!.Checkpoint.Id);

        await saver.PutAsync(unsaved.Config, unsaved.Checkpoint, unsaved.Metadata, unsaved.NewVersions).WaitAsync(Wait);
        var third = await graph.InvokeAsync(J("{}"), Thread() with { Durability = Durability.Exit }).WaitAsync(Wait);

        Assert.Equal(["a", "b", "c", "a", "b", "c", "a", "b", "c"], Strings(third.Values.GetProperty("log")));
    }

    [Theory]
    [InlineData(Durability.Sync)]
    [InlineData(Durability.Async)]
    public async Task Invoke_HandingOverWithStepDurability_SavesEveryCheckpointItself(Durability durability)
    {
        var saver = new RecordingCheckpointSaver(new InMemoryCheckpointSaver());

        var result = await Chain(saver).InvokeAsync(J("{}"), HandOver(durability)).WaitAsync(Wait);

        Assert.Null(result.UnsavedCheckpoint);
        Assert.Equal(result.Config!.CheckpointId, (await saver.GetTupleAsync(new CheckpointConfig("t1")).WaitAsync(Wait))!.Checkpoint.Id);
    }

    [Fact]
    public async Task Invoke_HandingOverAndInterruptedAfterANode_SavesTheCheckpointItResumesFrom()
    {
        var saver = new InMemoryCheckpointSaver();
        var graph = Chain(saver);

        var paused = await graph.InvokeAsync(J("{}"), HandOver() with { InterruptAfter = ["b"] }).WaitAsync(Wait);
        var done = await graph.InvokeAsync((System.Text.Json.JsonElement?)null, HandOver()).WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Interrupted, paused.Status);
        Assert.Null(paused.UnsavedCheckpoint);
        Assert.Equal(["a", "b", "c"], Strings(done.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Invoke_HandingOverThroughASubgraph_TheSubgraphSavesItsOwnCheckpoint()
    {
        var saver = new InMemoryCheckpointSaver();
        var inner = new StateGraph("inner")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("write", Log("write"))
            .SetEntryPoint("write")
            .Compile();
        var graph = new StateGraph("outer")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("child", inner)
            .SetEntryPoint("child")
            .Compile(saver);

        var result = await graph.InvokeAsync(J("{}"), HandOver()).WaitAsync(Wait);

        Assert.NotNull(result.UnsavedCheckpoint);
        var all = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1" }).ToListAsync().WaitAsync(Wait);
        var subgraph = Assert.Single(all, c => c.Config.CheckpointNs.StartsWith("child:", StringComparison.Ordinal) && c.Metadata.Step >= 0);
        Assert.Contains("write", Strings(subgraph.Checkpoint.ChannelValues["log"]));
    }
}
