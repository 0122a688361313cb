using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Orchestrator.AgentCore.Sessions;
using Orchestrator.AI.Embeddings;
using Orchestrator.AgentCore.Supervisor;

namespace Orchestrator.AgentCore.Graph;

/// <summary>A typed client of the Graph service's LangGraph Server API.</summary>
/// <remarks>
/// A run is consumed from <c>POST /threads/{id}/runs/stream</c> with the <c>messages-tuple</c> and
/// <c>updates</c> stream modes: the answering node's tokens are relayed as they come, and the nodes'
/// writes give the answer, the SQL, the rows and the citations (see <see cref="RunWrites"/>).
/// </remarks>
public sealed class GraphClient(HttpClient http, IOptions<AgentCoreOptions> options)
{
    /// <summary>The workflow every question goes through.</summary>
    public const string AssistantId = "orchestrator";

    /// <summary>The workflow's node whose model output is the answer; tokens of other nodes (routing, SQL writing) are not the user's.</summary>
    public const string AnswerNode = "synthesize";

    /// <summary>How long a run may stream before it is abandoned; the HTTP timeouts end once the stream's headers arrive.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(120);

    /// <summary>Runs the orchestrator workflow on the session's thread, relaying its events as they come.</summary>
    /// <exception cref="GraphRunException">
    /// Graph answered with an error, failed mid-run, or finished without an AI message and without asking for SQL approval.
    /// </exception>
    public async IAsyncEnumerable<GraphRunEvent> StreamAsync(GraphRunInput input, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/threads/{Uri.EscapeDataString(input.ThreadId)}/runs/stream")
        {
            Content = JsonContent.Create(Body(input, options.Value.GraphDurability)),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode == HttpStatusCode.UnprocessableEntity && input.Approve is not null)
        {
            // The engine refuses a resume when the thread has no pending interrupt: nothing was waiting, or a newer prompt replaced it.
            throw new NothingToApproveException();
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new GraphRunException(response.StatusCode, $"The graph run failed with HTTP {(int)response.StatusCode}.");
        }

        var writes = new RunWrites();
        string? announced = null;
        await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
        var events = SseParser.Create(stream).EnumerateAsync(timeout.Token);
        await using var enumerator = events.GetAsyncEnumerator(timeout.Token);
        while (await NextAsync(enumerator, cancellationToken))
        {
            var item = enumerator.Current;
            switch (item.EventType)
            {
                case "messages" when AnswerToken(item.Data) is { Length: > 0 } token:
                    yield return new GraphMessageChunk(token);
                    break;
                case "updates":
                    writes.Add(item.Data);
                    if (announced is null && writes.AnswerNode == AnswerNode)
                    {
                        // The answering node is the workflow's last: its message is the answer, while graph still records the run's end.
                        announced = writes.Answer!;
                        yield return new GraphAnswerReady(announced);
                    }

                    break;
                case "error":
                    throw new GraphRunException(HttpStatusCode.BadGateway, $"The graph run failed mid-run ({ErrorType(item.Data)}).");
            }
        }

        if ((announced ?? writes.Answer) is { } answer)
        {
            yield return new GraphRunCompleted(answer, writes.Values);
        }
        else if (writes.PendingApproval is { } approval)
        {
            yield return approval;
        }
        else
        {
            throw new GraphRunException(HttpStatusCode.BadGateway, writes.Interrupted
                ? "The graph run stopped at an interrupt, waiting for a decision this endpoint cannot take."
                : "The graph run finished without an AI message.");
        }
    }

    // A stream cut by the run timeout (not by the caller) is the upstream's failure, reported as a 504.
    private static async Task<bool> NextAsync(IAsyncEnumerator<SseItem<string>> events, CancellationToken caller)
    {
        try
        {
            return await events.MoveNextAsync();
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            throw new GraphRunException(HttpStatusCode.GatewayTimeout, $"The graph run did not finish within {RunTimeout.TotalSeconds:F0} s.");
        }
        catch (IOException exception) when (!caller.IsCancellationRequested)
        {
            throw new GraphRunException(HttpStatusCode.BadGateway, $"The graph run's stream broke: {exception.Message}");
        }
    }

    // messages-tuple data is [chunk, metadata]; only the answering node's text chunks are relayed.
    private static string? AnswerToken(string data)
    {
        if (JsonNode.Parse(data) is not JsonArray { Count: 2 } pair || pair[1]?["langgraph_node"]?.GetValue<string>() != AnswerNode)
        {
            return null;
        }

        return RunWrites.TextOf(pair[0]?["content"]);
    }

    // Only the error's type reaches the client: graph's message may quote SQL or data the caller should not see.
    private static string ErrorType(string data) =>
        (JsonNode.Parse(data) as JsonObject)?["error"]?.GetValue<string>() ?? "unknown error";

    /// <summary>
    /// The LangGraph run body. <c>input</c> holds only the new human message (the thread keeps the
    /// rest, and the engine accepts only state keys there); the supervisor's decision, the session's
    /// history window and the question's embedding (an <see cref="EmbeddingHint"/>) ride in <c>config.configurable</c>, LangGraph's
    /// place for per-run context, so no later hop has to recompute them.
    /// </summary>
    /// <remarks>
    /// A decision on SQL approval (<see cref="GraphRunInput.Approve"/>) is a <c>command.resume</c> instead: the thread's checkpoint
    /// holds the question, the route and the embedding of the paused run.
    /// </remarks>
    internal static JsonObject Body(GraphRunInput input, string durability)
    {
        var body = new JsonObject
        {
            ["assistant_id"] = AssistantId,
            ["if_not_exists"] = "create",
            ["stream_mode"] = new JsonArray("updates", "messages-tuple"),
            ["on_disconnect"] = "cancel",
            ["durability"] = durability,
        };
        if (input.Approve is { } approved)
        {
            body["command"] = new JsonObject { ["resume"] = new JsonObject { ["approved"] = approved } };
            body["config"] = new JsonObject { ["configurable"] = new JsonObject { ["thread_id"] = input.ThreadId } };
            return body;
        }

        body["input"] = new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["type"] = "human", ["content"] = input.Prompt }),
        };
        body["config"] = new JsonObject
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
                // As a hint (model, text hash, base64 float32): a quarter of the bytes of a JSON array and no number parsing at each hop.
                ["question_embedding"] = input.EmbeddingModel is { } model
                    ? EmbeddingHint.Encode(model, input.Prompt, input.Embedding.Span)
                    : new JsonArray([.. input.Embedding.ToArray().Select(v => (JsonNode)JsonValue.Create(v))]),
            },
        };
        return body;
    }
}

/// <summary>What a graph run needs; with <c>Approve</c> set, it resumes the thread's run paused for SQL approval with that decision instead.</summary>
public sealed record GraphRunInput(
    string ThreadId, string Prompt, IReadOnlyList<SessionMessage> History, RouteDecision Route, ReadOnlyMemory<float> Embedding, string? EmbeddingModel = null, bool? Approve = null);
