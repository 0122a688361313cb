using System.Text.Json;

namespace Orchestrator.Cortex.Agents;

/// <summary>The parts of an <c>AgentRunRequest</c> the local agent uses.</summary>
public sealed record AgentRunRequest
{
    public IReadOnlyList<AgentMessage>? Messages { get; init; }

    public IReadOnlyList<AgentTool>? Tools { get; init; }

    public Dictionary<string, JsonElement>? ToolResources { get; init; }

    public bool? Stream { get; init; }

    public string? ResponseInstruction { get; init; }
}

/// <summary>A conversation message; content items keep their raw JSON.</summary>
public sealed record AgentMessage(string? Role, IReadOnlyList<JsonElement>? Content);

/// <summary>A tool the request makes available.</summary>
public sealed record AgentTool(AgentToolSpec? ToolSpec);

/// <summary>The tool's type (<c>cortex_analyst_text_to_sql</c>, <c>cortex_search</c>) and name.</summary>
public sealed record AgentToolSpec(string? Type, string? Name, string? Description);
