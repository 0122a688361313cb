using System.Text.Json;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

public class SchemaEvolutionTests
{
    private static StateGraph Version1() => new StateGraph("wf")
        .AddChannel("log", ChannelSpec.Append())
        .AddNode("a", Log("a"))
        .AddNode("b", Log("b"))
        .SetEntryPoint("a")
        .AddEdge("a", "b");

    [Fact]
    public async Task Resume_NewerVersionWithAddedChannelAndNode_LoadsOldCheckpoint()
    {
        var saver = new InMemoryCheckpointSaver();
        await Version1().Compile(saver, interruptBefore: ["b"]).InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var version2 = new StateGraph("wf")
            .AddChannel("log", ChannelSpec.Append())
            .AddChannel("score", ChannelSpec.LastValue(N(0)))
            .AddNode("a", Log("a"))
            .AddNode("b", c => ValueTask.FromResult(NodeResult.Update(("log", S("b2")), ("score", N(c.State.GetInt64("score") + 1)))))
            .AddNode("c", Log("c"))
            .SetEntryPoint("a")
            .AddEdge("a", "b")
            .AddEdge("b", "c")
            .Compile(saver);

        var result = await version2.InvokeAsync((JsonElement?)null, Thread()).WaitAsync(Wait);

        Assert.Equal(["a", "b2", "c"], Strings(result.Values.GetProperty("log")));
        Assert.Equal(1, result.Values.GetProperty("score").GetInt64());
    }

    [Fact]
    public async Task Resume_CheckpointWithPendingWorkForRemovedNode_FailsWithClearMessage()
    {
        var saver = new InMemoryCheckpointSaver();
        await Version1().Compile(saver, interruptBefore: ["b"]).InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var withoutB = new StateGraph("wf")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("a", Log("a"))
            .SetEntryPoint("a")
            .Compile(saver);

        var error = await Assert.ThrowsAsync<CheckpointSchemaException>(() => withoutB.InvokeAsync((JsonElement?)null, Thread()).WaitAsync(Wait));

        Assert.Contains("node 'b', which workflow 'wf' no longer defines", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetState_CheckpointWithRemovedChannel_StillReadsRemainingKeys()
    {
        var saver = new InMemoryCheckpointSaver();
        await new StateGraph("wf")
            .AddChannel("log", ChannelSpec.Append())
            .AddChannel("legacy", ChannelSpec.LastValue())
            .AddNode("a", Log("a"))
            .SetEntryPoint("a")
            .Compile(saver)
            .InvokeAsync(J("{'legacy':'old'}"), Thread()).WaitAsync(Wait);
        var current = new StateGraph("wf").AddChannel("log", ChannelSpec.Append()).AddNode("a", Log("a")).SetEntryPoint("a").Compile(saver);

        var state = await current.GetStateAsync(new CheckpointConfig("t1")).WaitAsync(Wait);

        Assert.Equal(["a"], Strings(state!.Values.GetProperty("log")));
        Assert.False(state.Values.TryGetProperty("legacy", out _));
    }
}
