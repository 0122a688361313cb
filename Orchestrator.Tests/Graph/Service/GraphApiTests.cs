using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Npgsql;
using Orchestrator.Graph.Engine;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Graph.Service;

public class GraphApiTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    private async Task<(GraphServiceHost Host, TestWorkflows Workflows, string Db)> StartAsync()
    {
        var db = await postgres.CreateDatabaseAsync("graphapi").WaitAsync(Wait);
        var workflows = new TestWorkflows();
        return (await GraphServiceHost.StartAsync(db, workflows).WaitAsync(Wait), workflows, db);
    }

    [Fact]
    public async Task Assistants_SearchAndGet_ListRegisteredWorkflowsAndUnknownIs404()
    {
        var (host, _, _) = await StartAsync();
        await using var owned = host;

        var all = await host.PostJsonAsync("/assistants/search", "{}");
        var byGraph = await host.GetJsonAsync("/assistants/approval");
        var graph = await host.GetJsonAsync($"/assistants/{byGraph.GetProperty("assistant_id").GetString()}/graph");
        var missing = await host.GetJsonAsync("/assistants/nope", HttpStatusCode.NotFound);

        Assert.Equal(["approval", "chat", "slow"], all.EnumerateArray().Select(a => a.GetProperty("graph_id").GetString()));
        Assert.Contains(graph.GetProperty("edges").EnumerateArray(), e => e.GetProperty("source").GetString() == "draft" && e.GetProperty("target").GetString() == "approve");
        Assert.Contains("'nope'", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsWait_InterruptThenResume_StateAndHistoryFollow()
    {
        var (host, _, _) = await StartAsync();
        await using var owned = host;
        var thread = (await host.PostJsonAsync("/threads", "{'metadata':{'user':'ann'}}")).GetProperty("thread_id").GetString();

        var paused = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'approval','input':{'messages':[{'role':'user','content':'revenue by region'}]}}");
        var state = await host.GetJsonAsync($"/threads/{thread}/state");
        var done = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'approval','command':{'resume':'yes'}}");
        var history = await host.PostJsonAsync($"/threads/{thread}/history", "{'limit':10}");
        var threadRow = await host.GetJsonAsync($"/threads/{thread}");

        Assert.Equal("Run this expensive query?", paused.GetProperty("__interrupt__")[0].GetProperty("value").GetProperty("question").GetString());
        Assert.Equal(["approve"], state.GetProperty("next").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal("approved: yes", done.GetProperty("messages")[1].GetProperty("content").GetString());
        Assert.Equal(3, history.GetArrayLength());
        Assert.Equal("idle", threadRow.GetProperty("status").GetString());
        Assert.Equal("approval", threadRow.GetProperty("metadata").GetProperty("graph_id").GetString());
    }

    [Fact]
    public async Task RunsWait_NextTurnOnAThread_StartsFromTheCheckpointReadWhenTheRunWasCreated()
    {
        var (host, workflows, _) = await StartAsync();
        await using var owned = host;
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();

        await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'chat','input':{'messages':[{'role':'user','content':'revenue?'}]}}");
        var second = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'chat','input':{'messages':[{'role':'user','content':'and growth?'}]}}");
        var state = await host.GetJsonAsync($"/threads/{thread}/state");

        // Neither run read its thread through the checkpointer: the batch that created it did; the state request reads once.
        Assert.Equal(1, workflows.ChatCheckpoints!.TupleReads);
        Assert.Equal(["revenue?", "Revenue grew 12%.", "and growth?", "Revenue grew 12%."], second.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(4, state.GetProperty("values").GetProperty("messages").GetArrayLength());
    }

    [Theory]
    [InlineData("async")]
    [InlineData("exit")]
    public async Task RunsWait_NextTurnWithCheckpointsOutsideTheDatabase_ContinuesFromThem(string durability)
    {
        var workflows = new TestWorkflows();
        await using var host = await GraphServiceHost.StartAsync(await postgres.CreateDatabaseAsync("graphapi").WaitAsync(Wait), workflows, checkpointsInMemory: true).WaitAsync(Wait);
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();

        // The run store cannot batch checkpoints kept outside its database, so each run saves its own, with either durability.
        await host.PostJsonAsync($"/threads/{thread}/runs/wait", $"{{'assistant_id':'chat','durability':'{durability}','input':{{'messages':[{{'role':'user','content':'revenue?'}}]}}}}");
        var second = await host.PostJsonAsync($"/threads/{thread}/runs/wait", $"{{'assistant_id':'chat','durability':'{durability}','input':{{'messages':[{{'role':'user','content':'and growth?'}}]}}}}");

        // The run store has no checkpoints to hand over here, so each run reads its thread through the checkpointer.
        Assert.Equal(2, workflows.ChatCheckpoints!.TupleReads);
        Assert.Equal(4, second.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task Runs_UnknownThreadOrAssistant_Are404AndInvalidCommandIs422()
    {
        var (host, _, _) = await StartAsync();
        await using var owned = host;
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();

        var noThread = await host.PostJsonAsync("/threads/ghost/runs/wait", "{'assistant_id':'approval','input':{}}", HttpStatusCode.NotFound);
        var noAssistant = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'ghost','input':{}}", HttpStatusCode.NotFound);
        var nothingToResume = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'approval','command':{'resume':'x'}}", HttpStatusCode.UnprocessableEntity);
        var badGoto = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'approval','command':{'goto':'nowhere'}}", HttpStatusCode.UnprocessableEntity);
        var emptyCommand = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'approval','command':{}}", HttpStatusCode.UnprocessableEntity);
        var malformed = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':", HttpStatusCode.BadRequest);

        Assert.Contains("'ghost'", noThread.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("Assistant 'ghost'", noAssistant.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("no pending interrupt", nothingToResume.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("'nowhere'", badGoto.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("https://github.com/multi-agent-orchestrator/problems/validation-failed", emptyCommand.GetProperty("type").GetString());
        Assert.Equal(400, malformed.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Runs_BusyThread_RejectIs409AndEnqueueRunsAfter()
    {
        var (host, workflows, _) = await StartAsync();
        await using var owned = host;
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();

        var first = await host.PostJsonAsync($"/threads/{thread}/runs", "{'assistant_id':'slow','input':{'log':['a']}}");
        var firstId = first.GetProperty("run_id").GetString();
        await WaitForAsync(() => workflows.StepRuns == 1);
        var rejected = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'slow','input':{'log':['b']}}", HttpStatusCode.Conflict);
        var queued = host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'slow','input':{'log':['c']},'multitask_strategy':'enqueue'}");
        await Task.Delay(300);
        Assert.False(queued.IsCompleted);
        workflows.Gate.Release(2);
        var joined = await host.GetJsonAsync($"/threads/{thread}/runs/{firstId}/join");
        var second = await queued.WaitAsync(Wait);

        Assert.Contains("busy", rejected.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["a", "first", "gate", "last"], joined.GetProperty("log").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["a", "first", "gate", "last", "c", "first", "gate", "last"], second.GetProperty("log").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Runs_ConcurrentOnANewThread_OneRunsAndTheOthersAreRejected()
    {
        var (host, workflows, _) = await StartAsync();
        await using var owned = host;
        var thread = Guid.NewGuid().ToString();

        // The thread is created by the runs themselves, in the same round trip that locks it and inserts the run.
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => host.Http.PostAsync(
            $"/threads/{thread}/runs",
            new StringContent($$$"""{"assistant_id":"slow","if_not_exists":"create","input":{"log":["{{{i}}}"]}}""", System.Text.Encoding.UTF8, "application/json"))))
            .WaitAsync(Wait);
        await WaitForAsync(() => workflows.StepRuns == 1);
        workflows.Gate.Release();
        var accepted = attempts.Single(r => r.StatusCode == HttpStatusCode.OK);
        var runId = JsonBuilder.Parse(await accepted.Content.ReadAsStringAsync()).GetProperty("run_id").GetString();
        var joined = await host.GetJsonAsync($"/threads/{thread}/runs/{runId}/join");
        var runs = await host.GetJsonAsync($"/threads/{thread}/runs");

        Assert.Equal(7, attempts.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(runId, Assert.Single(runs.EnumerateArray()).GetProperty("run_id").GetString());
        Assert.Equal(["first", "gate", "last"], joined.GetProperty("log").EnumerateArray().Skip(1).Select(e => e.GetString()));
        Assert.Equal(1, workflows.StepRuns);
    }

    [Fact]
    public async Task Runs_InterruptStrategy_StopsTheRunningRunAndStartsTheNewOne()
    {
        var (host, workflows, _) = await StartAsync();
        await using var owned = host;
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();
        var first = await host.PostJsonAsync($"/threads/{thread}/runs", "{'assistant_id':'slow','input':{'log':['a']}}");
        await WaitForAsync(() => workflows.StepRuns == 1);

        var second = host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'slow','input':{'log':['b']},'multitask_strategy':'interrupt'}");
        await WaitForAsync(() => workflows.StepRuns == 2);
        workflows.Gate.Release();
        var result = await second.WaitAsync(Wait);
        var firstRun = await host.GetJsonAsync($"/threads/{thread}/runs/{first.GetProperty("run_id").GetString()}");

        Assert.Equal("interrupted", firstRun.GetProperty("status").GetString());
        Assert.Equal(["a", "first", "b", "first", "gate", "last"], result.GetProperty("log").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Runs_RollbackStrategy_DeletesTheOldRunAndItsCheckpoints()
    {
        var (host, workflows, _) = await StartAsync();
        await using var owned = host;
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();
        var first = (await host.PostJsonAsync($"/threads/{thread}/runs", "{'assistant_id':'slow','input':{'log':['old']}}")).GetProperty("run_id").GetString();
        await WaitForAsync(() => workflows.StepRuns == 1);

        var second = host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'slow','input':{'log':['new']},'multitask_strategy':'rollback'}");
        await WaitForAsync(() => workflows.StepRuns == 2);
        workflows.Gate.Release();
        var result = await second.WaitAsync(Wait);
        await host.GetJsonAsync($"/threads/{thread}/runs/{first}", HttpStatusCode.NotFound);
        var history = await host.GetJsonAsync($"/threads/{thread}/history?limit=50");

        Assert.Equal(["new", "first", "gate", "last"], result.GetProperty("log").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(history.EnumerateArray(), h => h.GetProperty("metadata").GetProperty("run_id").GetString() == first);
    }

    [Fact]
    public async Task RunsStream_SseFramesThenJoinResumesAfterLastEventId()
    {
        var (host, _, _) = await StartAsync();
        await using var owned = host;
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();

        using var response = await host.Http.PostAsync($"/threads/{thread}/runs/stream",
            new StringContent("""{"assistant_id":"approval","input":{"messages":["hi"]},"stream_mode":["values","updates"]}""", System.Text.Encoding.UTF8, "application/json")).WaitAsync(Wait);
        var frames = ParseSse(await response.Content.ReadAsStringAsync());
        var location = response.Content.Headers.ContentLocation?.ToString() ?? response.Headers.GetValues("Content-Location").Single();
        using var join = new HttpRequestMessage(HttpMethod.Get, location + "/stream");
        join.Headers.Add("Last-Event-ID", frames[1].Id);
        using var rejoined = await host.Http.SendAsync(join).WaitAsync(Wait);
        var rest = ParseSse(await rejoined.Content.ReadAsStringAsync());

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("metadata", frames[0].Event);
        Assert.Contains(frames, f => f.Event == "updates" && f.Data.TryGetProperty("draft", out _));
        Assert.Contains(frames, f => f.Event == "updates" && f.Data.TryGetProperty("__interrupt__", out _));
        Assert.Equal(frames.Skip(2).Select(f => f.Id), rest.Select(f => f.Id));
    }

    [Fact]
    public async Task RunsStream_MessagesModes_StreamTokensAsPartialsOrTuples()
    {
        var (host, _, _) = await StartAsync();
        await using var owned = host;

        var partial = await StreamAsync(host, "messages");
        var tuples = await StreamAsync(host, "messages-tuple");

        Assert.Equal("messages/metadata", partial[1].Event);
        Assert.Equal(["Revenue ", "Revenue grew ", "Revenue grew 12%."], partial.Where(f => f.Event == "messages/partial").Select(f => f.Data[0].GetProperty("content").GetString()));
        Assert.Equal(["Revenue ", "grew ", "12%."], tuples.Where(f => f.Event == "messages").Select(f => f.Data[0].GetProperty("content").GetString()));
        Assert.Equal("agent", tuples.First(f => f.Event == "messages").Data[1].GetProperty("langgraph_node").GetString());
    }

    private static async Task<List<SseFrame>> StreamAsync(GraphServiceHost host, string mode)
    {
        using var response = await host.Http.PostAsync("/runs/stream",
            new StringContent($$"""{"assistant_id":"chat","input":{"messages":["how is revenue?"]},"stream_mode":"{{mode}}"}""", System.Text.Encoding.UTF8, "application/json")).WaitAsync(Wait);
        return ParseSse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BackgroundRun_OfAStoppedOrDeadReplica_IsResumedByAnotherFromItsLastCheckpoint()
    {
        var db = await postgres.CreateDatabaseAsync("graphcrash").WaitAsync(Wait);
        var workflows = new TestWorkflows { Hang = true };
        string thread;
        string runId;
        await using (var dying = await GraphServiceHost.StartAsync(db, workflows, staleAfter: TimeSpan.FromSeconds(1)).WaitAsync(Wait))
        {
            thread = (await dying.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString()!;
            runId = (await dying.PostJsonAsync($"/threads/{thread}/runs", "{'assistant_id':'slow','input':{'log':['start']}}")).GetProperty("run_id").GetString()!;
            await WaitForAsync(() => workflows.StepRuns == 1);
            await Task.Delay(300);
        }

        await using (var connection = new NpgsqlConnection(db))
        {
            await connection.OpenAsync();
            await using var status = new NpgsqlCommand("SELECT status FROM graph_runs WHERE run_id = $1", connection) { Parameters = { new() { Value = runId } } };
            Assert.Equal("pending", await status.ExecuteScalarAsync());
            // What a process killed with SIGKILL leaves behind: still "running", claimed, heartbeat going stale.
            await using var die = new NpgsqlCommand("UPDATE graph_runs SET status = 'running', claimed_by = 'killed-replica', heartbeat_at = now() - interval '1 minute', attempt = 1 WHERE run_id = $1", connection) { Parameters = { new() { Value = runId } } };
            await die.ExecuteNonQueryAsync();
        }

        workflows.Hang = false;
        workflows.Gate.Release();
        await using var survivor = await GraphServiceHost.StartAsync(db, workflows, staleAfter: TimeSpan.FromSeconds(1)).WaitAsync(Wait);
        var result = await survivor.GetJsonAsync($"/threads/{thread}/runs/{runId}/join");
        var run = await survivor.GetJsonAsync($"/threads/{thread}/runs/{runId}");

        Assert.Equal("success", run.GetProperty("status").GetString());
        Assert.Equal(["start", "first", "gate", "last"], result.GetProperty("log").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, workflows.StepRuns);
    }

    [Fact]
    public async Task RunsWait_ExitDurability_SavesTheFinalCheckpointInTheBatchThatRecordsTheRunsEnd()
    {
        using var trace = new CallerTrace("Npgsql");
        var (host, workflows, _) = await StartAsync();
        await using var owned = host;
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();

        using var answered = await trace.PostJsonAsync(
            host.Address, $"/threads/{thread}/runs/wait", """{"assistant_id":"chat","durability":"exit","input":{"messages":[{"role":"user","content":"revenue?"}]}}""").WaitAsync(Wait);
        answered.EnsureSuccessStatusCode();
        var state = await host.GetJsonAsync($"/threads/{thread}/state");

        // The engine saved nothing itself: its final checkpoint went with the run's status, in one batch and one commit.
        List<string> statements = [.. trace.Spans.Select(s => (s.GetTagItem("db.query.text") ?? s.GetTagItem("db.statement")) as string ?? "")];
        Assert.Empty(workflows.ChatCheckpoints!.NewVersions);
        Assert.Single(statements, s => s.Contains("INSERT INTO graph_checkpoints", StringComparison.Ordinal) && s.Contains("UPDATE graph_runs SET status", StringComparison.Ordinal));
        Assert.DoesNotContain(statements, s => s.Contains("INSERT INTO graph_checkpoints", StringComparison.Ordinal) && !s.Contains("UPDATE graph_runs SET status", StringComparison.Ordinal));
        Assert.Equal(["revenue?", "Revenue grew 12%."], state.GetProperty("values").GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").GetString()));
    }

    [Fact]
    public async Task Retention_KeepCheckpointsPerThread_PrunesOlderCheckpointsAfterEachRun()
    {
        var db = await postgres.CreateDatabaseAsync("graphkeep").WaitAsync(Wait);
        var workflows = new TestWorkflows();
        await using var host = await GraphServiceHost.StartAsync(db, workflows, keepCheckpoints: 2).WaitAsync(Wait);
        workflows.Gate.Release();
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();

        var result = await host.PostJsonAsync($"/threads/{thread}/runs/wait", "{'assistant_id':'slow','input':{'log':['x']}}");
        var history = await host.GetJsonAsync($"/threads/{thread}/history?limit=50");

        Assert.Equal(["x", "first", "gate", "last"], result.GetProperty("log").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([2, 1], history.EnumerateArray().Select(h => h.GetProperty("metadata").GetProperty("step").GetInt32()));
        Assert.Equal(4, history[0].GetProperty("values").GetProperty("log").GetArrayLength());
    }

    [Fact]
    public async Task BackgroundRun_ClaimedByTheWorker_ContinuesTheCallersTraceWithItsSessionAndUserOnly()
    {
        using var trace = new CallerTrace(GraphTelemetry.SourceName);
        var db = await postgres.CreateDatabaseAsync("graphtrace").WaitAsync(Wait);
        var workflows = new TestWorkflows();
        await using var host = await GraphServiceHost.StartAsync(db, workflows, telemetry: true).WaitAsync(Wait);
        var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString();

        using var created = await trace.PostJsonAsync(
            host.Address, $"/threads/{thread}/runs", """{"assistant_id":"slow","input":{"log":["go"]}}""", "langfuse.session.id=s-42,langfuse.user.id=ann,tenant=acme").WaitAsync(Wait);
        var runId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("run_id").GetString();
        workflows.Gate.Release();
        await host.GetJsonAsync($"/threads/{thread}/runs/{runId}/join");
        await WaitForAsync(() => trace.Spans.Any(s => s.OperationName == "graph.run slow"));

        var claimed = Assert.Single(trace.Spans, s => s.OperationName == "graph.run.claimed");
        var run = Assert.Single(trace.Spans, s => s.OperationName == "graph.run slow");
        Assert.Equal(ActivityKind.Consumer, claimed.Kind);
        Assert.Equal(runId, claimed.GetTagItem("orchestrator.graph.run_id"));
        Assert.Equal(claimed.SpanId, run.ParentSpanId);
        Assert.All([claimed, run], s => Assert.Equal(("s-42", "ann"), (s.GetTagItem("langfuse.session.id"), s.GetTagItem("langfuse.user.id"))));
        await using var dataSource = NpgsqlDataSource.Create(db);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var stored = new NpgsqlCommand("SELECT trace_baggage FROM graph_runs WHERE run_id = $1", connection) { Parameters = { new() { Value = runId } } };
        Assert.DoesNotContain("tenant", (string)(await stored.ExecuteScalarAsync())!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackgroundRuns_TwoReplicasOnOneQueue_EachRunExecutesExactlyOnce()
    {
        var db = await postgres.CreateDatabaseAsync("graphqueue").WaitAsync(Wait);
        var workflows = new TestWorkflows();
        workflows.Gate.Release(100);
        await using var first = await GraphServiceHost.StartAsync(db, workflows).WaitAsync(Wait);
        await using var second = await GraphServiceHost.StartAsync(db, workflows).WaitAsync(Wait);
        List<(string Thread, string Run)> runs = [];
        for (var i = 0; i < 12; i++)
        {
            var host = i % 2 == 0 ? first : second;
            var thread = (await host.PostJsonAsync("/threads", "{}")).GetProperty("thread_id").GetString()!;
            runs.Add((thread, (await host.PostJsonAsync($"/threads/{thread}/runs", "{'assistant_id':'slow','input':{'log':['go']}}")).GetProperty("run_id").GetString()!));
        }

        foreach (var (thread, run) in runs)
        {
            var result = await first.GetJsonAsync($"/threads/{thread}/runs/{run}/join");
            Assert.Equal(["go", "first", "gate", "last"], result.GetProperty("log").EnumerateArray().Select(e => e.GetString()));
        }

        Assert.Equal(12, workflows.StepRuns);
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var attempts = new NpgsqlCommand("SELECT count(*) FILTER (WHERE status = 'success'), max(attempt) FROM graph_runs", connection);
        await using var reader = await attempts.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(12, reader.GetInt64(0));
        Assert.Equal(1, reader.GetInt32(1));
    }

    [Fact]
    public async Task StatelessWait_RunsOnATemporaryThread()
    {
        var (host, workflows, _) = await StartAsync();
        await using var owned = host;
        workflows.Gate.Release();

        var result = await host.PostJsonAsync("/runs/wait", "{'assistant_id':'slow','input':{'log':['x']}}");
        var threads = await host.PostJsonAsync("/threads/search", "{}");

        Assert.Equal(["x", "first", "gate", "last"], result.GetProperty("log").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, threads.GetArrayLength());
    }

    internal sealed record SseFrame(string Event, JsonElement Data, string Id);

    internal static List<SseFrame> ParseSse(string text) =>
    [
        .. text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(block =>
        {
            var lines = block.Split('\n');
            string Field(string name) => lines.Single(l => l.StartsWith(name + ": ", StringComparison.Ordinal))[(name.Length + 2)..];
            return new SseFrame(Field("event"), JsonBuilder.Parse(Field("data")), Field("id"));
        }),
    ];

    private static Task WaitForAsync(Func<bool> condition) => Poll.UntilAsync(condition, Wait, TimeSpan.FromMilliseconds(20));
}
