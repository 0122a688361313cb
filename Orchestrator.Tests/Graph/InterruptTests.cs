using System.Text.Json;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

public class InterruptTests
{
    private static CompiledGraph Approval(ICheckpointSaver saver, Action? onApprove = null) => new StateGraph("approval")
        .AddChannel("sql", ChannelSpec.LastValue())
        .AddChannel("log", ChannelSpec.Append())
        .AddNode("draft", _ => ValueTask.FromResult(NodeResult.Update(("sql", S("SELECT 1")))))
        .AddNode("approve", c =>
        {
            onApprove?.Invoke();
            var answer = c.Interrupt(J($"{{'question':'run {c.State.GetString("sql")}?'}}"));
            return ValueTask.FromResult(NodeResult.Update(("log", S("approved=" + answer.GetString()))));
        })
        .AddNode("execute", Log("execute"))
        .SetEntryPoint("draft")
        .AddEdge("draft", "approve")
        .AddEdge("approve", "execute")
        .Compile(saver);

    [Fact]
    public async Task Interrupt_InsideNode_PausesThenResumeValueIsReturned()
    {
        var graph = Approval(new InMemoryCheckpointSaver());

        var paused = await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var state = await graph.GetStateAsync(new CheckpointConfig("t1")).WaitAsync(Wait);
        var done = await graph.InvokeAsync(new Command { Resume = S("yes") }, Thread()).WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Interrupted, paused.Status);
        Assert.Equal("run SELECT 1?", paused.Interrupts.Single().Value.GetProperty("question").GetString());
        Assert.Equal(["approve"], state!.Next);
        Assert.Equal(paused.Interrupts.Single().Id, state.Interrupts.Single().Id);
        Assert.Equal(GraphRunStatus.Completed, done.Status);
        Assert.Equal(["approved=yes", "execute"], Strings(done.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Interrupt_ResumeWithoutPendingInterrupt_IsAnInvalidCommand()
    {
        var graph = Approval(new InMemoryCheckpointSaver());
        await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        await graph.InvokeAsync(new Command { Resume = S("yes") }, Thread()).WaitAsync(Wait);

        var error = await Assert.ThrowsAsync<InvalidCommandException>(() => graph.InvokeAsync(new Command { Resume = S("again") }, Thread()).WaitAsync(Wait));

        Assert.Contains("no pending interrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interrupt_ParallelInterrupts_EachResumableById()
    {
        var graph = new StateGraph("two")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("left", c => ValueTask.FromResult(NodeResult.Update(("log", S("left=" + c.Interrupt(S("left?")).GetString())))))
            .AddNode("right", c => ValueTask.FromResult(NodeResult.Update(("log", S("right=" + c.Interrupt(S("right?")).GetString())))))
            .AddEdge(GraphConstants.Start, "left")
            .AddEdge(GraphConstants.Start, "right")
            .Compile(new InMemoryCheckpointSaver());

        var paused = await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var ambiguous = await Assert.ThrowsAsync<InvalidCommandException>(() => graph.InvokeAsync(new Command { Resume = S("x") }, Thread()).WaitAsync(Wait));
        var left = paused.Interrupts.Single(i => i.Value.GetString() == "left?");
        var right = paused.Interrupts.Single(i => i.Value.GetString() == "right?");
        var half = await graph.InvokeAsync(new Command { ResumeById = new Dictionary<string, JsonElement> { [left.Id] = S("L") } }, Thread()).WaitAsync(Wait);
        var done = await graph.InvokeAsync(new Command { ResumeById = new Dictionary<string, JsonElement> { [right.Id] = S("R") } }, Thread()).WaitAsync(Wait);

        Assert.Equal(2, paused.Interrupts.Count);
        Assert.Contains("resume them by id", ambiguous.Message, StringComparison.Ordinal);
        Assert.Equal(GraphRunStatus.Interrupted, half.Status);
        Assert.Equal(right.Id, half.Interrupts.Single().Id);
        Assert.Equal(["left=L", "right=R"], Strings(done.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Interrupt_UnknownInterruptId_IsAnInvalidCommand()
    {
        var graph = Approval(new InMemoryCheckpointSaver());
        await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);

        var error = await Assert.ThrowsAsync<InvalidCommandException>(() => graph.InvokeAsync(new Command { ResumeById = new Dictionary<string, JsonElement> { ["nope"] = S("x") } }, Thread()).WaitAsync(Wait));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaticInterruptBefore_PausesBeforeNodeAndNullInputContinues()
    {
        var executed = 0;
        var graph = new StateGraph("before")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("plan", Log("plan"))
            .AddNode("act", _ =>
            {
                executed++;
                return ValueTask.FromResult(NodeResult.Update(("log", S("act"))));
            })
            .SetEntryPoint("plan")
            .AddEdge("plan", "act")
            .Compile(new InMemoryCheckpointSaver(), interruptBefore: ["act"]);

        var paused = await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var pausedRuns = executed;
        var done = await graph.InvokeAsync((JsonElement?)null, Thread()).WaitAsync(Wait);

        Assert.Equal("before", paused.Interrupts.Single().When);
        Assert.Equal(0, pausedRuns);
        Assert.Equal(["plan", "act"], Strings(done.Values.GetProperty("log")));
    }

    [Fact]
    public async Task StaticInterruptAfter_PausesAfterNode()
    {
        var graph = new StateGraph("after")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("plan", Log("plan"))
            .AddNode("act", Log("act"))
            .SetEntryPoint("plan")
            .AddEdge("plan", "act")
            .Compile(new InMemoryCheckpointSaver(), interruptAfter: ["plan"]);

        var paused = await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var done = await graph.InvokeAsync((JsonElement?)null, Thread()).WaitAsync(Wait);

        Assert.Equal(["plan"], Strings(paused.Values.GetProperty("log")));
        Assert.Equal("after", paused.Interrupts.Single().When);
        Assert.Equal(["plan", "act"], Strings(done.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Command_UpdateAndGoto_RedirectsThePausedThread()
    {
        var graph = Approval(new InMemoryCheckpointSaver());
        await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);

        var done = await graph.InvokeAsync(new Command { Update = J("{'sql':'SELECT 2'}"), Goto = ["execute"], AsNode = "approve" }, Thread()).WaitAsync(Wait);

        Assert.Equal("SELECT 2", done.Values.GetProperty("sql").GetString());
        Assert.Equal(["execute"], Strings(done.Values.GetProperty("log")));
    }

    [Fact]
    public async Task Command_GotoUnknownNode_IsAnInvalidCommand()
    {
        var graph = Approval(new InMemoryCheckpointSaver());
        await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);

        var error = await Assert.ThrowsAsync<InvalidCommandException>(() => graph.InvokeAsync(new Command { Goto = ["ghost"] }, Thread()).WaitAsync(Wait));

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interrupt_InsideSubgraph_BubblesUpAndResumesTheSubgraph()
    {
        var innerRuns = 0;
        var inner = new StateGraph("inner")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("prep", _ =>
            {
                innerRuns++;
                return ValueTask.FromResult(NodeResult.Update(("log", S("prep"))));
            })
            .AddNode("ask", c => ValueTask.FromResult(NodeResult.Update(("log", S("ask=" + c.Interrupt(S("ok?")).GetString())))))
            .SetEntryPoint("prep")
            .AddEdge("prep", "ask")
            .Compile();
        var graph = new StateGraph("outer")
            .AddChannel("log", ChannelSpec.LastValue())
            .AddNode("child", inner)
            .SetEntryPoint("child")
            .Compile(new InMemoryCheckpointSaver());

        var paused = await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);
        var done = await graph.InvokeAsync(new Command { Resume = S("fine") }, Thread()).WaitAsync(Wait);

        Assert.Equal("ok?", paused.Interrupts.Single().Value.GetString());
        Assert.Equal(["prep", "ask=fine"], Strings(done.Values.GetProperty("log")));
        Assert.Equal(1, innerRuns);
    }

    [Fact]
    public async Task NewInput_OnInterruptedThread_DiscardsThePendingWork()
    {
        var graph = Approval(new InMemoryCheckpointSaver());
        await graph.InvokeAsync(J("{}"), Thread()).WaitAsync(Wait);

        var again = await graph.InvokeAsync(J("{'log':['fresh']}"), Thread()).WaitAsync(Wait);

        // Only the new run's interrupt is pending: the old "approve" task did not run next to "draft".
        Assert.Equal(["fresh"], Strings(again.Values.GetProperty("log")));
        Assert.Single(again.Interrupts);
    }
}
