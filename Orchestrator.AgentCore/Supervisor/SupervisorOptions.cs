using System.ComponentModel.DataAnnotations;

namespace Orchestrator.AgentCore.Supervisor;

/// <summary>Routing settings (<c>AgentCore:Supervisor</c>).</summary>
public sealed class SupervisorOptions
{
    public const string SectionName = "AgentCore:Supervisor";

    /// <summary>Below this confidence the supervisor asks a clarifying question instead of running the workflow.</summary>
    [Range(0.0, 1.0, ErrorMessage = "AgentCore:Supervisor:MinConfidence must be between 0 and 1.")]
    public double MinConfidence { get; set; } = 0.5;

    /// <summary>How many earlier messages of the session are passed to routing and to the workflow.</summary>
    [Range(0, 200, ErrorMessage = "AgentCore:Supervisor:HistoryWindow must be 0-200 messages.")]
    public int HistoryWindow { get; set; } = 10;
}
