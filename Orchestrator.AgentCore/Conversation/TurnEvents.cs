using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Orchestrator.AgentCore.Conversation;

/// <summary>
/// What a turn produces, in order: the route, answer chunks, then the completed turn. Each event
/// is one SSE <c>data:</c> frame of <c>/invocations</c>, discriminated by <c>type</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RouteChosen), "route")]
[JsonDerivedType(typeof(AnswerChunk), "delta")]
[JsonDerivedType(typeof(TurnCompleted), "done")]
public abstract record TurnEvent;

/// <summary>The supervisor's decision.</summary>
public sealed record RouteChosen(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("clarifying")] bool Clarifying) : TurnEvent;

/// <summary>A piece of the answer.</summary>
public sealed record AnswerChunk([property: JsonPropertyName("content")] string Content) : TurnEvent;

/// <summary>The finished turn, with what the workflow found (SQL, rows, citations) when it set them.</summary>
public sealed record TurnCompleted(
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("response")] string Response,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("sql"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sql,
    [property: JsonPropertyName("results"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Results,
    [property: JsonPropertyName("citations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonNode? Citations,
    [property: JsonPropertyName("trace_id")] string? TraceId,
    [property: JsonPropertyName("usage")] TurnUsage Usage,
    [property: JsonPropertyName("approval"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ApprovalRequest? Approval = null) : TurnEvent;

/// <summary>
/// The turn stopped before running its SQL (<c>sql</c>), for the caller to approve: the next <c>/invocations</c> of the session
/// with <c>{"approve": true}</c> runs it and answers, <c>{"approve": false}</c> declines; a new prompt drops it.
/// </summary>
public sealed record ApprovalRequest([property: JsonPropertyName("id")] string Id);

/// <summary>Token counts of a turn: the model's own when the workflow reports them, else an estimate (about 4 characters a token).</summary>
public sealed record TurnUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("estimated")] bool Estimated)
{
    public static TurnUsage Estimate(string prompt, string answer) => new(Tokens(prompt), Tokens(answer), true);

    private static int Tokens(string text) => (text.Length + 3) / 4;
}
