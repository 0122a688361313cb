namespace Orchestrator.ServiceDefaults;

/// <summary>
/// The ActivitySource and Meter names the orchestrator's own code emits under. ServiceDefaults
/// subscribes to all of them, so a new span or instrument shows up without touching the wiring.
/// </summary>
public static class TelemetryNames
{
    /// <summary>Prefix shared by every orchestrator source; subscriptions use it with a wildcard.</summary>
    public const string Prefix = "Orchestrator";

    public const string AgentCore = "Orchestrator.AgentCore";
    public const string Graph = "Orchestrator.Graph";
    public const string Cortex = "Orchestrator.Cortex";
    public const string AI = "Orchestrator.AI";
}
