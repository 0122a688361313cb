using System.Text.Json.Serialization;

namespace Orchestrator.AgentCore.Apis;

/// <summary>
/// The body of <c>POST /invocations</c>: a prompt, as AgentCore Runtime clients send it, or <c>approve</c>, the decision on the SQL
/// the session's last turn asked to approve.
/// </summary>
public sealed record InvocationRequest(
    [property: JsonPropertyName("prompt")] string? Prompt,
    [property: JsonPropertyName("stream")] bool? Stream = null,
    [property: JsonPropertyName("approve")] bool? Approve = null);

/// <summary>A mid-stream failure frame of the Runtime contract.</summary>
public sealed record StreamError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_type")] string ErrorType,
    [property: JsonPropertyName("message")] string Message);
