using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Orchestrator.AgentCore.Sessions;
using Orchestrator.AgentCore.Supervisor;

namespace Orchestrator.AgentCore.Graph;

/// <summary>A typed client of the Graph service's LangGraph Server API.</summary>
/// <remarks>
/// The run is consumed as a stream of <see cref="GraphRunEvent"/>s so callers relay it as it comes.
/// Today it is backed by <c>POST /threads/{id}/runs/wait</c> (one completed event); moving to
/// <c>runs/stream</c> changes only <see cref="StreamAsync"/>.
/// </remarks>
public sealed class GraphClient(HttpClient http)
{
    /// <summary>The workflow every question goes through.</summary>
    public const string AssistantId = "orchestrator";

    /// <summary>Runs the orchestrator workflow on the session's thread.</summary>
    /// <exception cref="GraphRunException">Graph answered with an error or without an AI message.</exception>
    public async IAsyncEnumerable<GraphRunEvent> StreamAsync(GraphRunInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var response = await http.PostAsJsonAsync($"/threads/{Uri.EscapeDataString(input.ThreadId)}/runs/wait", Body(input), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new GraphRunException(response.StatusCode, $"The graph run failed with HTTP {(int)response.StatusCode}.");
        }

        var state = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
            ?? throw new GraphRunException(HttpStatusCode.BadGateway, "The graph run returned no state.");
        var answer = state["messages"]?.AsArray().LastOrDefault(m => m?["type"]?.GetValue<string>() == "ai")?["content"]?.GetValue<string>()
            ?? throw new GraphRunException(HttpStatusCode.BadGateway, "The graph run finished without an AI message.");
        yield return new GraphRunCompleted(answer, state);
    }

    /// <summary>
    /// The LangGraph run body. <c>input</c> holds only the new human message (the thread keeps the
    /// rest, and the engine accepts only state keys there); the supervisor's decision, the session's
    /// history window and the question's embedding ride in <c>config.configurable</c>, LangGraph's
    /// place for per-run context, so no later hop has to recompute them.
    /// </summary>
    internal static JsonObject Body(GraphRunInput input) => new()
    {
        ["assistant_id"] = AssistantId,
        ["if_not_exists"] = "create",
        ["input"] = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["type"] = "human", ["content"] = input.Prompt }),
        },
        ["config"] = new JsonObject
        {
            ["configurable"] = new JsonObject
            {
                ["thread_id"] = input.ThreadId,
                ["route"] = input.Route.Route,
                ["route_confidence"] = input.Route.Confidence,
                ["history"] = new JsonArray([.. input.History.Select(m => (JsonNode)new JsonObject
                {
                    ["type"] = m.Role == "user" ? "human" : "ai",
                    ["content"] = m.Content,
                })]),
                ["question_embedding"] = new JsonArray([.. input.Embedding.ToArray().Select(v => (JsonNode)JsonValue.Create(v))]),
            },
        },
    };
}

/// <summary>What a graph run needs.</summary>
public sealed record GraphRunInput(
    string ThreadId, string Prompt, IReadOnlyList<SessionMessage> History, RouteDecision Route, ReadOnlyMemory<float> Embedding);

/// <summary>An event of a graph run.</summary>
public abstract record GraphRunEvent;

/// <summary>A piece of the answer as the model produces it.</summary>
public sealed record GraphMessageChunk(string Text) : GraphRunEvent;

/// <summary>The run finished: the final answer and the thread's state values (SQL, rows, citations when the workflow set them).</summary>
public sealed record GraphRunCompleted(string Answer, JsonObject State) : GraphRunEvent;

/// <summary>The graph service failed a run.</summary>
public sealed class GraphRunException(HttpStatusCode status, string message) : Exception(message)
{
    /// <summary>Graph's status, or 502 when its answer was unusable.</summary>
    public HttpStatusCode Status { get; } = status;
}
