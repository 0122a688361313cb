using System.Text.Json.Serialization;

namespace Orchestrator.AgentCore.Supervisor;

/// <summary>Where a turn goes, how sure the supervisor is, and why.</summary>
public sealed record RouteDecision(
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("confidence")] double Confidence,
    [property: JsonPropertyName("reason")] string Reason);
