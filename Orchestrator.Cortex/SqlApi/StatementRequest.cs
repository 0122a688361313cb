using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Cortex.SqlApi;

/// <summary>The body of <c>POST /api/v2/statements</c> (Snowflake SQL API v2).</summary>
public sealed record StatementRequest
{
    [JsonPropertyName("statement")]
    public string? Statement { get; init; }

    /// <summary>Seconds; 0 means the server's maximum.</summary>
    [JsonPropertyName("timeout")]
    public int? Timeout { get; init; }

    [JsonPropertyName("database")]
    public string? Database { get; init; }

    [JsonPropertyName("schema")]
    public string? Schema { get; init; }

    [JsonPropertyName("warehouse")]
    public string? Warehouse { get; init; }

    [JsonPropertyName("role")]
    public string? Role { get; init; }

    /// <summary>Bind values by position: <c>{"1": {"type": "FIXED", "value": "123"}}</c>.</summary>
    [JsonPropertyName("bindings")]
    public JsonElement? Bindings { get; init; }
}
