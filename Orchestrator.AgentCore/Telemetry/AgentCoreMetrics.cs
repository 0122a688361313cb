using System.Diagnostics.Metrics;

namespace Orchestrator.AgentCore.Telemetry;

/// <summary>
/// AgentCore's instruments: turns by the route the supervisor chose, and failed turns by error type.
/// (Requests and their latency come from ASP.NET Core's own <c>http.server.request.duration</c>.)
/// </summary>
public static class AgentCoreMetrics
{
    private static readonly Meter Meter = new(TelemetryNames.AgentCore);

    private static readonly Counter<long> Routes = Meter.CreateCounter<long>(
        "orchestrator.agentcore.routes", "{turn}", "Turns by the route the supervisor chose; clarifying is true when it asked a question instead.");

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "orchestrator.agentcore.turn.errors", "{turn}", "Turns that failed, by error type.");

    public static void RouteChosen(string route, bool clarifying) =>
        Routes.Add(1, new("orchestrator.route", route), new("orchestrator.clarifying", clarifying));

    public static void TurnFailed(string errorType) =>
        Failures.Add(1, new KeyValuePair<string, object?>("error.type", errorType));
}
