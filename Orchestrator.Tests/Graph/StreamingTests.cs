using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

public class StreamingTests
{
    private static CompiledGraph Chat(IChatClient model) => new StateGraph("chat")
        .AddChannel("messages", ChannelSpec.Messages())
        .AddNode("agent", async c =>
        {
            c.Emit(J("{'progress':'calling model'}"));
            var response = await c.StreamChatAsync(model, MessageJson.ToChatMessages(c.State["messages"]));
            return NodeResult.Update(("messages", MessageJson.FromChatResponse(response)));
        })
        .SetEntryPoint("agent")
        .Compile(new InMemoryCheckpointSaver());

    [Fact]
    public async Task Stream_AllModes_ReportsValuesUpdatesTokensCustomAndDebug()
    {
        var graph = Chat(new TokenModel(["The ", "answer ", "is 42."]));
        var config = Thread() with { StreamMode = StreamMode.Values | StreamMode.Updates | StreamMode.Messages | StreamMode.Custom | StreamMode.Debug };

        var events = await graph.StreamAsync(J("{'messages':['question']}"), null, config).ToListAsync().WaitAsync(Wait);

        var tokens = events.Where(e => e.Mode == StreamMode.Messages).Select(e => e.Data[0].GetProperty("content").GetString()).ToList();
        Assert.Equal(["The ", "answer ", "is 42."], tokens);
        Assert.Equal("agent", events.First(e => e.Mode == StreamMode.Messages).Data[1].GetProperty("langgraph_node").GetString());
        var update = events.Single(e => e.Mode == StreamMode.Updates).Data.GetProperty("agent").GetProperty("messages");
        Assert.Equal("The answer is 42.", update.GetProperty("content").GetString());
        Assert.Equal(events.First(e => e.Mode == StreamMode.Messages).Data[0].GetProperty("id").GetString(), update.GetProperty("id").GetString());
        Assert.Equal(2, events.Count(e => e.Mode == StreamMode.Values));
        Assert.Equal(2, events.Last(e => e.Mode == StreamMode.Values).Data.GetProperty("messages").GetArrayLength());
        Assert.Equal("calling model", events.Single(e => e.Mode == StreamMode.Custom).Data.GetProperty("progress").GetString());
        Assert.Equal(["checkpoint", "task", "task_result", "checkpoint"], events.Where(e => e.Mode == StreamMode.Debug).Select(e => e.Data.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Stream_Interrupt_AppearsAsInterruptUpdate()
    {
        var graph = new StateGraph("ask")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("ask", c => ValueTask.FromResult(NodeResult.Update(("log", c.Interrupt(S("sure?"))))))
            .SetEntryPoint("ask")
            .Compile(new InMemoryCheckpointSaver());

        var events = await graph.StreamAsync(J("{}"), null, Thread() with { StreamMode = StreamMode.Updates }).ToListAsync().WaitAsync(Wait);

        var interrupt = events.Single().Data.GetProperty(GraphConstants.InterruptWrite)[0];
        Assert.Equal("sure?", interrupt.GetProperty("value").GetString());
    }

    [Fact]
    public async Task Stream_WithSubgraphs_TagsChildEventsWithNamespace()
    {
        var inner = new StateGraph("inner").AddChannel("log", ChannelSpec.Append()).AddNode("deep", Log("deep")).SetEntryPoint("deep").Compile();
        var graph = new StateGraph("outer")
            .AddChannel("log", ChannelSpec.LastValue())
            .AddNode("child", inner)
            .SetEntryPoint("child")
            .Compile(new InMemoryCheckpointSaver());

        var withSub = await graph.StreamAsync(J("{}"), null, Thread("a") with { StreamMode = StreamMode.Updates, Subgraphs = true }).ToListAsync().WaitAsync(Wait);
        var withoutSub = await graph.StreamAsync(J("{}"), null, Thread("b") with { StreamMode = StreamMode.Updates }).ToListAsync().WaitAsync(Wait);

        var child = withSub.Single(e => e.Namespace.Count == 1);
        Assert.StartsWith("child:", child.Namespace[0], StringComparison.Ordinal);
        Assert.True(child.Data.TryGetProperty("deep", out _));
        Assert.Equal(["child"], withoutSub.Select(e => e.Data.EnumerateObject().Single().Name));
    }

    [Fact]
    public async Task Stream_NodeFails_ErrorSurfacesAfterEarlierEvents()
    {
        var graph = new StateGraph("fail")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("ok", Log("ok"))
            .AddNode("boom", _ => throw new InvalidOperationException("boom"))
            .SetEntryPoint("ok")
            .AddEdge("ok", "boom")
            .Compile();
        var seen = new List<GraphEvent>();

        var error = await Assert.ThrowsAsync<GraphNodeException>(async () =>
        {
            await foreach (var e in graph.StreamAsync(J("{}"), null, new RunConfig { StreamMode = StreamMode.Updates }).WithCancellation(CancellationToken.None))
            {
                seen.Add(e);
            }
        }).WaitAsync(Wait);

        Assert.Equal("boom", error.Node);
        Assert.True(seen.Single().Data.TryGetProperty("ok", out _));
    }

    /// <summary>A chat model that streams fixed tokens (the model is a boundary this test does not reach).</summary>
    private sealed class TokenModel(string[] tokens) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(tokens))));

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Assert.Equal("question", messages.Single().Text);
            foreach (var token in tokens)
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, token);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
