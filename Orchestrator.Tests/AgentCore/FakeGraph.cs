using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AgentCore;

/// <summary>
/// A strict stand-in for the Graph service's <c>POST /threads/{id}/runs/stream</c>: it rejects bodies
/// that break the LangGraph run contract, records the ones it accepts, and streams as LangGraph does
/// (<c>metadata</c>, <c>messages</c> token tuples from the answering node, each node's writes as
/// <c>updates</c>, an <c>__interrupt__</c> update, or an <c>error</c> event).
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _pendingApprovals = new();

    private FakeGraph(WebApplication app) => _app = app;

    /// <summary>Run bodies received, by thread id.</summary>
    public ConcurrentQueue<(string ThreadId, JsonObject Body)> Runs { get; } = new();

    /// <summary>The W3C <c>baggage</c> header each run arrived with, by thread id.</summary>
    public ConcurrentDictionary<string, string> BaggageByThread { get; } = new();

    /// <summary>Produces the AI message's content (and extra state values) for a question; may throw to simulate failure.</summary>
    public Func<string, (string Answer, JsonObject? Extra)> Answer { get; set; } = question => ($"The graph answered: {question.Length} characters.", null);

    /// <summary>When set, runs fail with this status before the stream opens.</summary>
    public int? FailWithStatus { get; set; }

    /// <summary>When set, the run streams this many answer tokens, then an <c>error</c> event instead of its final writes.</summary>
    public int? FailAfterTokens { get; set; }

    /// <summary>
    /// When set, a run with new input stops at the analyst's SQL approval interrupt (the SQL is the answer's <c>sql</c>) and writes
    /// no answer; a resume of that thread then answers, or declines when not approved.
    /// </summary>
    public bool InterruptBeforeAnswer { get; set; }

    /// <summary>The answer of a run whose SQL was not approved.</summary>
    public const string DeclinedAnswer = "The query was not approved, so it did not run.";

    /// <summary>When set, the answer's tokens are streamed (words, as a model would); otherwise only the answering node's update carries it.</summary>
    public bool StreamTokens { get; set; } = true;

    /// <summary>When set, the stream holds after the first answer token until this completes, so a test can see tokens relayed before the run ends.</summary>
    public Task? HoldAfterFirstToken { get; set; }

    /// <summary>When set, the stream holds after the answering node's update until this completes, as graph does while it records the run's end.</summary>
    public Task? HoldAfterAnswer { get; set; }

    /// <summary>When set, the run fails with an <c>error</c> event after the answering node's update.</summary>
    public bool FailAfterAnswer { get; set; }

    public Uri BaseAddress => new(_app.Urls.First());

    public static async Task<FakeGraph> StartAsync()
    {
        FakeGraph? graph = null;
        var app = await LoopbackWebApp.StartAsync(app => app.MapPost("/threads/{threadId}/runs/stream", (string threadId, HttpContext context) => graph!.StreamAsync(threadId, context)));
        graph = new FakeGraph(app);
        return graph;
    }

    private async Task StreamAsync(string threadId, HttpContext context)
    {
        var body = await context.Request.ReadFromJsonAsync<JsonObject>();
        var approved = body?["command"] is { } command ? command["resume"]?["approved"]?.GetValue<bool>() : null;
        var question = approved is null
            ? body?["input"]?["messages"]?.AsArray().LastOrDefault()?["content"]?.GetValue<string>()
            : _pendingApprovals.GetValueOrDefault(threadId);
        // Like the engine, only state keys may be in the input (per-run context belongs in config.configurable),
        // and a resume carries no input.
        var validInput = approved is null
            ? body?["input"]?.AsObject().All(p => p.Key == "messages") == true
            : body?["input"] is null && body?["config"]?["configurable"]?["thread_id"]?.GetValue<string>() == threadId;
        var modes = body?["stream_mode"]?.AsArray().Select(m => m?.GetValue<string>()).ToList() ?? [];
        if (body?["assistant_id"]?.GetValue<string>() != "orchestrator" || string.IsNullOrEmpty(question) || !validInput
            || !modes.Contains("updates") || !modes.Contains("messages-tuple")
            || body?["durability"]?.GetValue<string>() is not (null or "sync" or "async" or "exit"))
        {
            // Also the engine's answer to a resume on a thread with no pending interrupt.
            await Results.Problem("bad run body", statusCode: 422).ExecuteAsync(context);
            return;
        }

        _pendingApprovals.TryRemove(threadId, out _);

        Runs.Enqueue((threadId, body!));
        BaggageByThread[threadId] = context.Request.Headers["baggage"].ToString();
        if (FailWithStatus is { } status)
        {
            await Results.Problem("graph failed", statusCode: status).ExecuteAsync(context);
            return;
        }

        var (answer, extra) = approved == false ? (DeclinedAnswer, null) : Answer(question);
        context.Response.ContentType = "text/event-stream";
        await WriteAsync(context, "metadata", new JsonObject { ["run_id"] = Guid.NewGuid().ToString() });
        // The router resets the last turn's results, as the workflow does.
        await WriteAsync(context, "updates", new JsonObject { ["route"] = new JsonObject { ["route"] = "analyst", ["sql"] = null, ["rows"] = null, ["citations"] = null } });
        // A token from another node (the router's) that must not reach the user.
        await WriteAsync(context, "messages", Token("route", "analyst"));
        if (extra is not null)
        {
            await WriteAsync(context, "updates", new JsonObject { ["analyst"] = extra.DeepClone() });
        }

        if (InterruptBeforeAnswer && approved is null)
        {
            // As the workflow's analyst asks for SQL approval; the next run on the thread may resume it.
            _pendingApprovals[threadId] = question;
            var value = new JsonObject { ["type"] = "approve_sql", ["sql"] = extra?["sql"]?.GetValue<string>() ?? "SELECT 1", ["question"] = question };
            var interrupt = new JsonObject { ["value"] = value, ["id"] = "i-1", ["when"] = "during" };
            await WriteAsync(context, "updates", new JsonObject { ["__interrupt__"] = new JsonArray(interrupt) });
            return;
        }

        var tokens = StreamTokens ? answer.Split(' ').Select((word, i) => i == 0 ? word : " " + word).ToList() : [];
        for (var i = 0; i < tokens.Count; i++)
        {
            if (FailAfterTokens == i)
            {
                break;
            }

            await WriteAsync(context, "messages", Token("synthesize", tokens[i]));
            if (i == 0 && HoldAfterFirstToken is { } hold)
            {
                await hold.WaitAsync(context.RequestAborted);
            }
        }

        if (FailAfterTokens is not null)
        {
            await WriteAsync(context, "error", new JsonObject { ["error"] = "CortexException", ["message"] = "SELECT secret FROM internal failed" });
            return;
        }

        var message = new JsonObject { ["type"] = "ai", ["content"] = answer, ["id"] = Guid.NewGuid().ToString() };
        await WriteAsync(context, "updates", new JsonObject { ["synthesize"] = new JsonObject { ["messages"] = message } });
        // As graph does next: it records the run's end, which may take a while or fail.
        if (HoldAfterAnswer is { } holdEnd)
        {
            await holdEnd.WaitAsync(context.RequestAborted);
        }

        if (FailAfterAnswer)
        {
            await WriteAsync(context, "error", new JsonObject { ["error"] = "NpgsqlException", ["message"] = "could not record the run's end" });
        }
    }

    private static JsonArray Token(string node, string text) =>
        new(new JsonObject { ["type"] = "AIMessageChunk", ["content"] = text, ["id"] = "run-1" }, new JsonObject { ["langgraph_node"] = node });

    private static async Task WriteAsync(HttpContext context, string eventName, JsonNode data)
    {
        await context.Response.WriteAsync($"event: {eventName}\ndata: {data.ToJsonString()}\n\n", Encoding.UTF8, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
