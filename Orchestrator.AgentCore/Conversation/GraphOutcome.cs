using System.Text.Json.Nodes;
using Orchestrator.AgentCore.Graph;

namespace Orchestrator.AgentCore.Conversation;

/// <summary>What a turn's graph run produced, filled in as its events are relayed.</summary>
internal sealed class GraphOutcome
{
    public string Answer { get; set; } = "";

    public JsonObject? Written { get; set; }

    public GraphApprovalRequired? Approval { get; set; }

    /// <summary>The turn's append to the session, started once the answer was final; null until then.</summary>
    public Task<long[]>? Saving { get; set; }
}
