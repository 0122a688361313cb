using System.Text.Json.Serialization;

namespace Orchestrator.AgentCore.Apis;

/// <summary>The body of <c>POST /invocations</c>: a prompt, as AgentCore Runtime clients send it.</summary>
public sealed record InvocationRequest([property: JsonPropertyName("prompt")] string? Prompt);

/// <summary>The JSON answer of <c>POST /invocations</c>.</summary>
public sealed record InvocationResponse(
    [property: JsonPropertyName("response")] string Response,
    [property: JsonPropertyName("session_id")] string SessionId);
