using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Graph.Bench;

/// <summary>The graphs measured: the 3-node counting loop, and the same loop appending a chat message per step.</summary>
internal static class LoopGraphs
{
    public static CompiledGraph Counting(int steps, ICheckpointSaver? saver) => new StateGraph("loop")
        .AddChannel("count", ChannelSpec.LastValue())
        .AddNode("a", Increment)
        .AddNode("b", Increment)
        .AddNode("c", Increment)
        .SetEntryPoint("a")
        .AddEdge("a", "b")
        .AddEdge("b", "c")
        .AddConditionalEdges("c", s => s.GetInt64("count") >= steps ? Route.End : "a")
        .Compile(saver);

    public static CompiledGraph Chatting(int steps, ICheckpointSaver? saver) => new StateGraph("chat-loop")
        .AddChannel("count", ChannelSpec.LastValue())
        .AddChannel("messages", ChannelSpec.Messages())
        .AddNode("a", Say)
        .AddNode("b", Say)
        .AddNode("c", Say)
        .SetEntryPoint("a")
        .AddEdge("a", "b")
        .AddEdge("b", "c")
        .AddConditionalEdges("c", s => s.GetInt64("count") >= steps ? Route.End : "a")
        .Compile(saver);

    private static ValueTask<NodeResult> Increment(NodeContext context) =>
        ValueTask.FromResult(NodeResult.Update(("count", JsonBuilder.FromNumber(context.State.GetInt64("count") + 1))));

    private static ValueTask<NodeResult> Say(NodeContext context)
    {
        var count = context.State.GetInt64("count") + 1;
        var text = $"Step {count} of {context.Node}: revenue for the quarter grew in every region, led by EMEA at 12 percent.";
        return ValueTask.FromResult(NodeResult.Update(("count", JsonBuilder.FromNumber(count)), ("messages", MessageJson.Create("ai", text, null))));
    }
}
