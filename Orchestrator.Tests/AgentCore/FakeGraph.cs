using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AgentCore;

/// <summary>
/// A strict stand-in for the Graph service's <c>POST /threads/{id}/runs/wait</c>: it rejects bodies
/// that break the LangGraph run contract and records the ones it accepts.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeGraph(WebApplication app) => _app = app;

    /// <summary>Run bodies received, by thread id.</summary>
    public ConcurrentQueue<(string ThreadId, JsonObject Body)> Runs { get; } = new();

    /// <summary>Produces the AI message's content (and extra state values) for a question; may throw to simulate failure.</summary>
    public Func<string, (string Answer, JsonObject? Extra)> Answer { get; set; } = question => ($"The graph answered: {question.Length} characters.", null);

    /// <summary>When set, runs fail with this status.</summary>
    public int? FailWithStatus { get; set; }

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<FakeGraph> StartAsync()
    {
        FakeGraph? graph = null;
        var app = await LoopbackWebApp.StartAsync(app => app.MapPost("/threads/{threadId}/runs/wait", async (string threadId, HttpContext context) =>
        {
            var body = await context.Request.ReadFromJsonAsync<JsonObject>();
            var question = body?["input"]?["messages"]?.AsArray().LastOrDefault()?["content"]?.GetValue<string>();
            // Like the engine, only state keys may be in the input (per-run context belongs in config.configurable).
            var onlyStateKeys = body?["input"]?.AsObject().All(p => p.Key == "messages") == true;
            if (body?["assistant_id"]?.GetValue<string>() != "orchestrator" || string.IsNullOrEmpty(question) || !onlyStateKeys)
            {
                return Results.Problem("bad run body", statusCode: 422);
            }

            graph!.Runs.Enqueue((threadId, body));
            if (graph.FailWithStatus is { } status)
            {
                return Results.Problem("graph failed", statusCode: status);
            }

            var (answer, extra) = graph.Answer(question);
            var state = extra?.DeepClone().AsObject() ?? [];
            state["messages"] = new JsonArray(new JsonObject { ["type"] = "human", ["content"] = question }, new JsonObject { ["type"] = "ai", ["content"] = answer });
            return Results.Json(state);
        }));
        graph = new FakeGraph(app);
        return graph;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
