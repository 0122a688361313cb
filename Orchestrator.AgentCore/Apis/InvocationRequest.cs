using System.Text.Json.Serialization;

namespace Orchestrator.AgentCore.Apis;

/// <summary>The body of <c>POST /invocations</c>: a prompt, as AgentCore Runtime clients send it.</summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("prompt")] string? Prompt,
    [property: JsonPropertyName("stream")] bool? Stream = null);

/// <summary>A mid-stream failure frame of the Runtime contract.</summary>
public sealed record StreamError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_type")] string ErrorType,
    [property: JsonPropertyName("message")] string Message);
