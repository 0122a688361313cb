using System.Text.Json.Serialization;

namespace Orchestrator.AgentCore.Sessions;

/// <summary>One remembered message of a session.</summary>
public sealed record SessionMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("route")] string? Route,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt);

/// <summary>A session as its owner sees it in <c>GET /sessions</c>.</summary>
public sealed record SessionSummary(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("last_active_at")] DateTimeOffset LastActiveAt,
    [property: JsonPropertyName("message_count")] long MessageCount);
