using System.Text.Json;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph;

/// <summary>The behaviour every <see cref="ICheckpointSaver"/> must have; one subclass per implementation.</summary>
public abstract class CheckpointSaverConformance
{
    protected abstract Task<ICheckpointSaver> CreateSaverAsync();

    private static Checkpoint Make(Dictionary<string, JsonElement> values, Dictionary<string, long> versions, Dictionary<string, IReadOnlyDictionary<string, long>>? seen = null) => new()
    {
        Id = CheckpointIds.New(),
        Ts = DateTimeOffset.UtcNow,
        ChannelValues = values,
        ChannelVersions = versions,
        VersionsSeen = seen ?? [],
    };

    private static CheckpointMetadata Meta(int step, string source = "loop", string? runId = null) => new()
    {
        Source = source,
        Step = step,
        Extra = runId is null ? new Dictionary<string, JsonElement>() : new Dictionary<string, JsonElement> { ["run_id"] = S(runId) },
    };

    private static async Task<(CheckpointConfig First, CheckpointConfig Second)> PutTwoAsync(ICheckpointSaver saver, string thread = "t1", string ns = "")
    {
        var first = Make(new() { ["a"] = S("one"), ["b"] = N(1) }, new() { ["a"] = 1, ["b"] = 1 }, new() { ["node"] = new Dictionary<string, long> { ["branch:to:node"] = 1 } });
        var firstConfig = await saver.PutAsync(new CheckpointConfig(thread, ns), first, Meta(-1, "input", "r1"), new Dictionary<string, long> { ["a"] = 1, ["b"] = 1 }).WaitAsync(Wait);
        // Only "a" changes; "b" must still load from the blob written with the first checkpoint.
        var second = Make(new() { ["a"] = S("two"), ["b"] = N(1) }, new() { ["a"] = 2, ["b"] = 1 });
        var secondConfig = await saver.PutAsync(firstConfig, second, Meta(0, "loop", "r2"), new Dictionary<string, long> { ["a"] = 2 }).WaitAsync(Wait);
        return (firstConfig, secondConfig);
    }

    [Fact]
    public async Task GetTuple_Latest_ReturnsNewestWithValuesVersionsAndParent()
    {
        var saver = await CreateSaverAsync();
        var (first, second) = await PutTwoAsync(saver);

        var tuple = await saver.GetTupleAsync(new CheckpointConfig("t1")).WaitAsync(Wait);

        Assert.Equal(second.CheckpointId, tuple!.Checkpoint.Id);
        Assert.Equal(first.CheckpointId, tuple.ParentConfig!.CheckpointId);
        Assert.Equal("two", tuple.Checkpoint.ChannelValues["a"].GetString());
        Assert.Equal(1, tuple.Checkpoint.ChannelValues["b"].GetInt64());
        Assert.Equal(2, tuple.Checkpoint.ChannelVersions["a"]);
        Assert.Equal(0, tuple.Metadata.Step);
        Assert.Equal("r2", tuple.Metadata.Extra["run_id"].GetString());
    }

    [Fact]
    public async Task GetTuple_ById_ReturnsThatCheckpointWithItsVersionsSeen()
    {
        var saver = await CreateSaverAsync();
        var (first, _) = await PutTwoAsync(saver);

        var tuple = await saver.GetTupleAsync(first).WaitAsync(Wait);

        Assert.Equal("one", tuple!.Checkpoint.ChannelValues["a"].GetString());
        Assert.Equal(1, tuple.Checkpoint.VersionsSeen["node"]["branch:to:node"]);
        Assert.Null(tuple.ParentConfig);
        Assert.Equal("input", tuple.Metadata.Source);
    }

    [Fact]
    public async Task GetTuple_UnknownThreadOrId_ReturnsNull()
    {
        var saver = await CreateSaverAsync();
        await PutTwoAsync(saver);

        Assert.Null(await saver.GetTupleAsync(new CheckpointConfig("other")).WaitAsync(Wait));
        Assert.Null(await saver.GetTupleAsync(new CheckpointConfig("t1", "", "nope")).WaitAsync(Wait));
    }

    [Fact]
    public async Task List_NewestFirst_HonoursLimitBeforeAndMetadataFilter()
    {
        var saver = await CreateSaverAsync();
        var (first, second) = await PutTwoAsync(saver);
        await PutTwoAsync(saver, "t2");

        var all = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1" }).ToListAsync().WaitAsync(Wait);
        var limited = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1", Limit = 1 }).ToListAsync().WaitAsync(Wait);
        var before = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1", Before = second.CheckpointId }).ToListAsync().WaitAsync(Wait);
        var filtered = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1", Filter = new Dictionary<string, JsonElement> { ["run_id"] = S("r1") } }).ToListAsync().WaitAsync(Wait);
        var everyThread = await saver.ListAsync(new CheckpointListOptions()).ToListAsync().WaitAsync(Wait);

        Assert.Equal([second.CheckpointId, first.CheckpointId], all.Select(t => t.Checkpoint.Id));
        Assert.Equal([second.CheckpointId], limited.Select(t => t.Checkpoint.Id));
        Assert.Equal([first.CheckpointId], before.Select(t => t.Checkpoint.Id));
        Assert.Equal([first.CheckpointId], filtered.Select(t => t.Checkpoint.Id));
        Assert.Equal(4, everyThread.Count);
        Assert.Equal(1, all[1].Checkpoint.ChannelValues["b"].GetInt64());
    }

    [Fact]
    public async Task PutWrites_RegularWritesSavedOnceAndSpecialWritesReplaced()
    {
        var saver = await CreateSaverAsync();
        var (_, second) = await PutTwoAsync(saver);

        await saver.PutWritesAsync(second, [new PendingWrite("task-a", "a", S("first"))], "task-a").WaitAsync(Wait);
        await saver.PutWritesAsync(second, [new PendingWrite("task-a", "a", S("again"))], "task-a").WaitAsync(Wait);
        await saver.PutWritesAsync(second, [new PendingWrite("task-b", GraphConstants.ErrorWrite, S("e1"))], "task-b").WaitAsync(Wait);
        await saver.PutWritesAsync(second, [new PendingWrite("task-b", GraphConstants.ErrorWrite, S("e2"))], "task-b").WaitAsync(Wait);
        var tuple = await saver.GetTupleAsync(second).WaitAsync(Wait);

        Assert.Equal(2, tuple!.PendingWrites.Count);
        Assert.Equal("first", tuple.PendingWrites.Single(w => w.TaskId == "task-a").Value.GetString());
        Assert.Equal("e2", tuple.PendingWrites.Single(w => w.TaskId == "task-b").Value.GetString());
    }

    [Fact]
    public async Task GetTuple_ChannelWithoutAValueAndWritesWithout_LoadAsSavedAndInOrder()
    {
        var saver = await CreateSaverAsync();
        // "gone" has a version but no value (a channel that was cleared), as the engine can save.
        var checkpoint = Make(new() { ["a"] = S("kept") }, new() { ["a"] = 1, ["gone"] = 1 });
        var config = await saver.PutAsync(new CheckpointConfig("t1"), checkpoint, Meta(0), new Dictionary<string, long> { ["a"] = 1, ["gone"] = 1 }).WaitAsync(Wait);
        await saver.PutWritesAsync(config, [new PendingWrite("task-b", "x", S("b1"))], "task-b").WaitAsync(Wait);
        await saver.PutWritesAsync(config, [new PendingWrite("task-a", "z", S("a1")), new PendingWrite("task-a", "y", default), new PendingWrite("task-a", "x", S("a3"))], "task-a").WaitAsync(Wait);

        var tuple = await saver.GetTupleAsync(new CheckpointConfig("t1")).WaitAsync(Wait);

        Assert.Equal(["a"], tuple!.Checkpoint.ChannelValues.Keys);
        Assert.Equal(1, tuple.Checkpoint.ChannelVersions["gone"]);
        var task = tuple.PendingWrites.Where(w => w.TaskId == "task-a").ToList();
        Assert.Equal(["z", "y", "x"], task.Select(w => w.Channel));
        Assert.Equal("a1", task[0].Value.GetString());
        Assert.Equal(JsonValueKind.Undefined, task[1].Value.ValueKind);
        Assert.Equal("a3", task[2].Value.GetString());
        Assert.Equal("b1", tuple.PendingWrites.Single(w => w.TaskId == "task-b").Value.GetString());
    }

    [Fact]
    public async Task Namespaces_AreIndependentWithinAThread()
    {
        var saver = await CreateSaverAsync();
        await PutTwoAsync(saver);
        var (_, child) = await PutTwoAsync(saver, "t1", "child:1");

        var root = await saver.GetTupleAsync(new CheckpointConfig("t1")).WaitAsync(Wait);
        var sub = await saver.GetTupleAsync(new CheckpointConfig("t1", "child:1")).WaitAsync(Wait);

        Assert.Equal(child.CheckpointId, sub!.Checkpoint.Id);
        Assert.NotEqual(child.CheckpointId, root!.Checkpoint.Id);
    }

    [Fact]
    public async Task DeleteThread_RemovesEveryNamespaceOfThatThreadOnly()
    {
        var saver = await CreateSaverAsync();
        await PutTwoAsync(saver);
        await PutTwoAsync(saver, "t1", "child:1");
        await PutTwoAsync(saver, "t2");

        await saver.DeleteThreadAsync("t1").WaitAsync(Wait);

        Assert.Null(await saver.GetTupleAsync(new CheckpointConfig("t1")).WaitAsync(Wait));
        Assert.Null(await saver.GetTupleAsync(new CheckpointConfig("t1", "child:1")).WaitAsync(Wait));
        Assert.NotNull(await saver.GetTupleAsync(new CheckpointConfig("t2")).WaitAsync(Wait));
    }

    [Fact]
    public async Task Prune_KeepsNewestCheckpointsAndTheValuesTheyShare()
    {
        var saver = await CreateSaverAsync();
        var (_, second) = await PutTwoAsync(saver);
        var third = Make(new() { ["a"] = S("three"), ["b"] = N(1) }, new() { ["a"] = 3, ["b"] = 1 });
        await saver.PutAsync(second, third, Meta(1), new Dictionary<string, long> { ["a"] = 3 }).WaitAsync(Wait);

        var deleted = await saver.PruneAsync("t1", keepLatest: 2).WaitAsync(Wait);
        var left = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1" }).ToListAsync().WaitAsync(Wait);

        Assert.Equal(1, deleted);
        Assert.Equal([third.Id, second.CheckpointId], left.Select(t => t.Checkpoint.Id));
        // "b" was written only with the pruned first checkpoint and is still shared by the survivors.
        Assert.All(left, t => Assert.Equal(1, t.Checkpoint.ChannelValues["b"].GetInt64()));
    }

    [Fact]
    public async Task PutMany_SavesEveryCheckpointWithParentLinks()
    {
        var saver = await CreateSaverAsync();
        var first = Make(new() { ["a"] = S("one") }, new() { ["a"] = 1 });
        var second = Make(new() { ["a"] = S("two") }, new() { ["a"] = 2 });

        await saver.PutManyAsync(
        [
            new CheckpointPut(new CheckpointConfig("t1"), first, Meta(0), new Dictionary<string, long> { ["a"] = 1 }),
            new CheckpointPut(new CheckpointConfig("t1", "", first.Id), second, Meta(1), new Dictionary<string, long> { ["a"] = 2 }),
        ]).WaitAsync(Wait);
        var saved = await saver.ListAsync(new CheckpointListOptions { ThreadId = "t1" }).ToListAsync().WaitAsync(Wait);

        Assert.Equal([second.Id, first.Id], saved.Select(t => t.Checkpoint.Id));
        Assert.Equal(first.Id, saved[0].ParentConfig!.CheckpointId);
        Assert.Equal(["two", "one"], saved.Select(t => t.Checkpoint.ChannelValues["a"].GetString()));
    }

    [Theory]
    [InlineData(Durability.Sync)]
    [InlineData(Durability.Async)]
    [InlineData(Durability.Exit)]
    public async Task Engine_LoopInEachDurabilityMode_LatestCheckpointHasFinalState(Durability durability)
    {
        var saver = await CreateSaverAsync();
        var graph = new StateGraph("loop")
            .AddChannel("n", ChannelSpec.LastValue())
            .AddNode("inc", c => ValueTask.FromResult(NodeResult.Update(("n", N(c.State.GetInt64("n") + 1)))))
            .SetEntryPoint("inc")
            .AddConditionalEdges("inc", s => s.GetInt64("n") >= 30 ? Route.End : "inc")
            .Compile(saver);

        var result = await graph.InvokeAsync(J("{'n':0}"), Thread("loop") with { Durability = durability, RecursionLimit = 50 }).WaitAsync(Wait);
        var latest = await saver.GetTupleAsync(new CheckpointConfig("loop")).WaitAsync(Wait);
        var count = (await saver.ListAsync(new CheckpointListOptions { ThreadId = "loop" }).ToListAsync().WaitAsync(Wait)).Count;

        Assert.Equal(result.Config!.CheckpointId, latest!.Checkpoint.Id);
        Assert.Equal(30, latest.Checkpoint.ChannelValues["n"].GetInt64());
        Assert.Equal(durability == Durability.Exit ? 1 : 31, count);
    }

    [Fact]
    public async Task Engine_InterruptResumeAndHistory_WorkThroughThisStore()
    {
        var saver = await CreateSaverAsync();
        var okRuns = 0;
        var graph = new StateGraph("conformance")
            .AddChannel("messages", ChannelSpec.Messages())
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("ok", _ =>
            {
                Interlocked.Increment(ref okRuns);
                return ValueTask.FromResult(NodeResult.Update(("log", S("ok"))));
            })
            .AddNode("ask", c => ValueTask.FromResult(NodeResult.Update(("messages", J($"{{'type':'ai','content':'{c.Interrupt(S("approve?")).GetString()}'}}")))))
            .AddEdge(GraphConstants.Start, "ok")
            .AddEdge(GraphConstants.Start, "ask")
            .Compile(saver);

        var paused = await graph.InvokeAsync(J("{'messages':['hi']}"), Thread("e2e")).WaitAsync(Wait);
        var done = await graph.InvokeAsync(new Command { Resume = S("approved") }, Thread("e2e")).WaitAsync(Wait);
        var history = await graph.GetStateHistoryAsync(new CheckpointConfig("e2e")).ToListAsync().WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Interrupted, paused.Status);
        Assert.Equal(1, okRuns);
        Assert.Equal(["hi", "approved"], done.Values.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(2, history.Count);
        Assert.Equal(["ok"], Strings(history[0].Values.GetProperty("log")));
    }
}

public class InMemoryCheckpointSaverConformance : CheckpointSaverConformance
{
    protected override Task<ICheckpointSaver> CreateSaverAsync() => Task.FromResult<ICheckpointSaver>(new InMemoryCheckpointSaver());
}
