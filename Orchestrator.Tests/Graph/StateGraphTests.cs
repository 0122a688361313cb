using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

public class StateGraphTests
{
    [Fact]
    public async Task Invoke_LinearGraph_RunsNodesInOrderAndReturnsState()
    {
        var graph = new StateGraph("linear")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("a", Log("a"))
            .AddNode("b", Log("b"))
            .AddEdge(GraphConstants.Start, "a")
            .AddEdge("a", "b")
            .AddEdge("b", GraphConstants.End)
            .Compile();

        var result = await graph.InvokeAsync(J("{'log':['in']}"), new RunConfig()).WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Completed, result.Status);
        Assert.Equal(["in", "a", "b"], Strings(result.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Invoke_ConditionalEdgeWithPathMap_FollowsTheRoute()
    {
        var graph = new StateGraph("route")
            .AddChannel("question", ChannelSpec.LastValue())
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("route", Log("route"))
            .AddNode("sql", Log("sql"))
            .AddNode("search", Log("search"))
            .SetEntryPoint("route")
            .AddConditionalEdges("route", s => s.GetString("question")!.Contains("revenue", StringComparison.Ordinal) ? "data" : "docs",
                new Dictionary<string, string> { ["data"] = "sql", ["docs"] = "search" })
            .SetFinishPoint("sql")
            .SetFinishPoint("search")
            .Compile();

        var data = await graph.InvokeAsync(J("{'question':'revenue by region'}"), new RunConfig()).WaitAsync(Wait);
        var docs = await graph.InvokeAsync(J("{'question':'refund policy'}"), new RunConfig()).WaitAsync(Wait);

        Assert.Equal(["route", "sql"], Strings(data.Values.GetProperty("log")));
        Assert.Equal(["route", "search"], Strings(docs.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Invoke_RouterSeesTheNodesOwnWrites_BeforeTheStepEnds()
    {
        var graph = new StateGraph("local")
            .AddChannel("n", ChannelSpec.LastValue())
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("inc", c => ValueTask.FromResult(NodeResult.Update(("n", N(c.State.GetInt64("n") + 1)))))
            .AddNode("done", Log("done"))
            .SetEntryPoint("inc")
            .AddConditionalEdges("inc", s => s.GetInt64("n") >= 3 ? "done" : "inc")
            .SetFinishPoint("done")
            .Compile();

        var result = await graph.InvokeAsync(J("{'n':0}"), new RunConfig()).WaitAsync(Wait);

        Assert.Equal(3, result.Values.GetProperty("n").GetInt64());
        Assert.Equal(["done"], Strings(result.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Invoke_ParallelBranches_MergeInDeclarationOrderWhateverFinishesFirst()
    {
        var graph = new StateGraph("fan")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("slow", async c =>
            {
                await Task.Delay(150, c.CancellationToken);
                return NodeResult.Update(("log", S("slow")));
            })
            .AddNode("fast", Log("fast"))
            .AddNode("join", Log("join"))
            .AddEdge(GraphConstants.Start, "slow")
            .AddEdge(GraphConstants.Start, "fast")
            .AddEdge("slow", "join")
            .AddEdge("fast", "join")
            .SetFinishPoint("join")
            .Compile();

        var result = await graph.InvokeAsync(J("{}"), new RunConfig()).WaitAsync(Wait);

        // One super-step ran both branches; "join" runs once, in the next step.
        Assert.Equal(["slow", "fast", "join"], Strings(result.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Invoke_WaitForAllEdge_RunsTargetOnceAfterTheSlowerBranch()
    {
        var saver = new InMemoryCheckpointSaver();
        var graph = new StateGraph("join")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("short", Log("short"))
            .AddNode("long1", Log("long1"))
            .AddNode("long2", Log("long2"))
            .AddNode("join", Log("join"))
            .AddEdge(GraphConstants.Start, "short")
            .AddEdge(GraphConstants.Start, "long1")
            .AddEdge("long1", "long2")
            .AddEdge(["short", "long2"], "join")
            .Compile(saver, interruptAfter: ["long1"]);

        // Paused between the branches, so the barrier's half-filled state must survive a checkpoint round trip.
        var paused = await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var result = await graph.InvokeAsync((System.Text.Json.JsonElement?)null, Thread()).WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Interrupted, paused.Status);
        Assert.Equal(["short", "long1", "long2", "join"], Strings(result.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Invoke_TwoWritesToLastValueKeyInOneStep_FailsNamingTheKey()
    {
        var graph = new StateGraph("conflict")
            .AddChannel("answer", ChannelSpec.LastValue())
            .AddNode("a", _ => ValueTask.FromResult(NodeResult.Update(("answer", S("a")))))
            .AddNode("b", _ => ValueTask.FromResult(NodeResult.Update(("answer", S("b")))))
            .AddEdge(GraphConstants.Start, "a")
            .AddEdge(GraphConstants.Start, "b")
            .Compile();

        var error = await Assert.ThrowsAsync<InvalidUpdateException>(() => graph.InvokeAsync(J("{}"), new RunConfig()).WaitAsync(Wait));

        Assert.Contains("'answer'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_SendFanOut_RunsOneTaskPerPacketAndReduces()
    {
        var graph = new StateGraph("mapreduce")
            .AddChannel("subjects", ChannelSpec.LastValue())
            .AddChannel("jokes", ChannelSpec.Append())
            .AddChannel("best", ChannelSpec.LastValue())
            .AddNode("plan", _ => ValueTask.FromResult(NodeResult.Empty))
            .AddNode("joke", c => ValueTask.FromResult(NodeResult.Update(("jokes", S("joke about " + c.Input.GetProperty("subject").GetString())))))
            .AddNode("pick", c => ValueTask.FromResult(NodeResult.Update(("best", S($"{c.State.Count("jokes")} jokes")))))
            .SetEntryPoint("plan")
            .AddConditionalEdges("plan", s => Route.Fanout(s["subjects"].EnumerateArray().Select(x => new Send("joke", J($"{{'subject':'{x.GetString()}'}}")))))
            .AddEdge("joke", "pick")
            .SetFinishPoint("pick")
            .Compile();

        var result = await graph.InvokeAsync(J("{'subjects':['cats','dogs','owls']}"), new RunConfig()).WaitAsync(Wait);

        Assert.Equal(["joke about cats", "joke about dogs", "joke about owls"], Strings(result.Values.GetProperty("jokes")));
        Assert.Equal("3 jokes", result.Values.GetProperty("best").GetString());
    }

    [Fact]
    public async Task Invoke_Subgraph_SharesKeysWithParent()
    {
        var inner = new StateGraph("inner")
            .AddChannel("log", ChannelSpec.Append())
            .AddChannel("draft", ChannelSpec.LastValue())
            .AddNode("write", c => ValueTask.FromResult(NodeResult.Update(("draft", S($"draft after {c.State.Count("log")} entries")))))
            .SetEntryPoint("write")
            .Compile();
        var graph = new StateGraph("outer")
            .AddChannel("log", ChannelSpec.LastValue())
            .AddChannel("draft", ChannelSpec.LastValue())
            .AddNode("prepare", _ => ValueTask.FromResult(NodeResult.Update(("log", J("['x','y']")))))
            .AddNode("child", inner)
            .SetEntryPoint("prepare")
            .AddEdge("prepare", "child")
            .Compile(new InMemoryCheckpointSaver());

        var result = await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);

        Assert.Equal("draft after 2 entries", result.Values.GetProperty("draft").GetString());
    }

    [Fact]
    public async Task Invoke_EndlessLoop_FailsWithRecursionLimitMessage()
    {
        var graph = new StateGraph("loop")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("spin", Log("spin"))
            .SetEntryPoint("spin")
            .AddEdge("spin", "spin")
            .Compile();

        var error = await Assert.ThrowsAsync<GraphRecursionException>(() => graph.InvokeAsync(J("{}"), new RunConfig { RecursionLimit = 7 }).WaitAsync(Wait));

        Assert.Contains("Recursion limit of 7 reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_FlakyNodeWithRetryPolicy_SucceedsOnThirdAttempt()
    {
        var attempts = 0;
        var graph = new StateGraph("retry")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("flaky", _ => ++attempts < 3 ? throw new HttpRequestException("503") : ValueTask.FromResult(NodeResult.Update(("log", S("ok")))),
                new NodeOptions { Retry = new RetryPolicy { MaxAttempts = 3, InitialInterval = TimeSpan.FromMilliseconds(5), Jitter = false } })
            .SetEntryPoint("flaky")
            .Compile();

        var result = await graph.InvokeAsync(J("{}"), new RunConfig()).WaitAsync(Wait);

        Assert.Equal(3, attempts);
        Assert.Equal(["ok"], Strings(result.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Invoke_RetryExhausted_FailsWithNodeNameAndCause()
    {
        var attempts = 0;
        var graph = new StateGraph("retry")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("broken", _ => { attempts++; throw new InvalidOperationException("backend down"); },
                new NodeOptions { Retry = new RetryPolicy { MaxAttempts = 2, InitialInterval = TimeSpan.FromMilliseconds(1) } })
            .SetEntryPoint("broken")
            .Compile();

        var error = await Assert.ThrowsAsync<GraphNodeException>(() => graph.InvokeAsync(J("{}"), new RunConfig()).WaitAsync(Wait));

        Assert.Equal(2, attempts);
        Assert.Equal("broken", error.Node);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task Invoke_NodeExceedingTimeout_FailsWithTimeout()
    {
        var graph = new StateGraph("timeout")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("hang", async c =>
            {
                await Task.Delay(TimeSpan.FromSeconds(20), c.CancellationToken);
                return NodeResult.Empty;
            }, new NodeOptions { Timeout = TimeSpan.FromMilliseconds(100) })
            .SetEntryPoint("hang")
            .Compile();

        var error = await Assert.ThrowsAsync<GraphNodeException>(() => graph.InvokeAsync(J("{}"), new RunConfig()).WaitAsync(Wait));

        Assert.IsType<NodeTimeoutException>(error.InnerException);
        Assert.Contains("'hang'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_CustomReducer_FoldsEveryWrite()
    {
        var graph = new StateGraph("sum")
            .AddChannel("total", ChannelSpec.Reducer((a, b) => N(a.GetInt64() + b.GetInt64()), N(0)))
            .AddNode("a", _ => ValueTask.FromResult(NodeResult.Update(("total", N(5)))))
            .AddNode("b", _ => ValueTask.FromResult(NodeResult.Update(("total", N(7)))))
            .AddEdge(GraphConstants.Start, "a")
            .AddEdge(GraphConstants.Start, "b")
            .Compile();

        var result = await graph.InvokeAsync(J("{'total':100}"), new RunConfig()).WaitAsync(Wait);

        Assert.Equal(112, result.Values.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Invoke_UnknownStateKey_FailsNamingIt()
    {
        var graph = new StateGraph("bad")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("a", _ => ValueTask.FromResult(NodeResult.Update(("nope", S("x")))))
            .SetEntryPoint("a")
            .Compile();

        var error = await Assert.ThrowsAsync<GraphNodeException>(() => graph.InvokeAsync(J("{}"), new RunConfig()).WaitAsync(Wait));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_EdgeToUnknownNode_Throws()
    {
        var builder = new StateGraph("g").AddChannel("x", ChannelSpec.LastValue()).AddNode("a", Log("a")).SetEntryPoint("a").AddEdge("a", "ghost");

        var error = Assert.Throws<InvalidOperationException>(() => builder.Compile());

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }
}
