using System.Text.Json;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

public class TimeTravelTests
{
    private static CompiledGraph Counter(ICheckpointSaver saver, List<string>? ran = null) => new StateGraph("counter")
        .AddChannel("n", ChannelSpec.LastValue())
        .AddChannel("log", ChannelSpec.Append())
        .AddNode("double", c =>
        {
            ran?.Add("double");
            return ValueTask.FromResult(NodeResult.Update(("n", N(c.State.GetInt64("n") * 2)), ("log", S("double"))));
        })
        .AddNode("inc", c =>
        {
            ran?.Add("inc");
            return ValueTask.FromResult(NodeResult.Update(("n", N(c.State.GetInt64("n") + 1)), ("log", S("inc"))));
        })
        .SetEntryPoint("double")
        .AddEdge("double", "inc")
        .Compile(saver);

    [Fact]
    public async Task History_ListsEveryCheckpointNewestFirstWithTheStateAtEach()
    {
        var graph = Counter(new InMemoryCheckpointSaver());
        await graph.InvokeAsync(J("{'n':5}"), Thread()).WaitAsync(Wait);

        var history = await graph.GetStateHistoryAsync(new CheckpointConfig("t1")).ToListAsync().WaitAsync(Wait);

        Assert.Equal([11, 10, 5], history.Select(h => h.Values.GetProperty("n").GetInt64()));
        Assert.Equal([[], ["inc"], ["double"]], history.Select(h => h.Next.ToArray()));
        Assert.Equal(["loop", "loop", "input"], history.Select(h => h.Metadata.Source));
    }

    [Fact]
    public async Task GetState_AtPastCheckpoint_ReturnsThatState()
    {
        var graph = Counter(new InMemoryCheckpointSaver());
        await graph.InvokeAsync(J("{'n':5}"), Thread()).WaitAsync(Wait);
        var history = await graph.GetStateHistoryAsync(new CheckpointConfig("t1")).ToListAsync().WaitAsync(Wait);

        var past = await graph.GetStateAsync(history[1].Config).WaitAsync(Wait);

        Assert.Equal(10, past!.Values.GetProperty("n").GetInt64());
        Assert.Equal(history[2].Config.CheckpointId, past.ParentConfig!.CheckpointId);
    }

    [Fact]
    public async Task Replay_FromPastCheckpoint_RunsOnlyTheLaterNodesAndForks()
    {
        var ran = new List<string>();
        var graph = Counter(new InMemoryCheckpointSaver(), ran);
        var first = await graph.InvokeAsync(J("{'n':5}"), Thread()).WaitAsync(Wait);
        var history = await graph.GetStateHistoryAsync(new CheckpointConfig("t1")).ToListAsync().WaitAsync(Wait);
        ran.Clear();

        var replay = await graph.InvokeAsync((JsonElement?)null, Thread() with { CheckpointId = history[1].Config.CheckpointId }).WaitAsync(Wait);
        var fork = await graph.GetStateAsync(replay.Config!).WaitAsync(Wait);

        Assert.Equal(["inc"], ran);
        Assert.Equal(11, replay.Values.GetProperty("n").GetInt64());
        Assert.NotEqual(first.Config!.CheckpointId, replay.Config!.CheckpointId);
        Assert.Equal(history[1].Config.CheckpointId, fork!.ParentConfig!.CheckpointId);
    }

    [Fact]
    public async Task UpdateState_OnPastCheckpoint_ForksANewCheckpointAndContinuesFromIt()
    {
        var graph = Counter(new InMemoryCheckpointSaver());
        await graph.InvokeAsync(J("{'n':5}"), Thread()).WaitAsync(Wait);
        var history = await graph.GetStateHistoryAsync(new CheckpointConfig("t1")).ToListAsync().WaitAsync(Wait);

        var forked = await graph.UpdateStateAsync(history[1].Config, J("{'n':100}")).WaitAsync(Wait);
        var forkState = await graph.GetStateAsync(forked).WaitAsync(Wait);
        var continued = await graph.InvokeAsync((JsonElement?)null, Thread() with { CheckpointId = forked.CheckpointId }).WaitAsync(Wait);

        Assert.Equal(history[1].Config.CheckpointId, forkState!.ParentConfig!.CheckpointId);
        Assert.Equal("update", forkState.Metadata.Source);
        Assert.Equal(["inc"], forkState.Next);
        Assert.Equal(101, continued.Values.GetProperty("n").GetInt64());
    }

    [Fact]
    public async Task UpdateState_AsNode_FollowsThatNodesEdges()
    {
        var graph = Counter(new InMemoryCheckpointSaver());
        await graph.InvokeAsync(J("{'n':5}"), Thread() with { InterruptBefore = ["double"] }).WaitAsync(Wait);

        var updated = await graph.UpdateStateAsync(new CheckpointConfig("t1"), J("{'n':40}"), asNode: "double").WaitAsync(Wait);
        var state = await graph.GetStateAsync(updated).WaitAsync(Wait);

        Assert.Equal(["inc"], state!.Next);
    }

    [Fact]
    public async Task Invoke_UnknownCheckpointId_Throws()
    {
        var graph = Counter(new InMemoryCheckpointSaver());

        await Assert.ThrowsAsync<CheckpointNotFoundException>(() => graph.InvokeAsync((JsonElement?)null, Thread() with { CheckpointId = "nope" }).WaitAsync(Wait));
    }
}
