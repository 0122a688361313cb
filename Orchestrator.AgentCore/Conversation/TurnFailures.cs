using System.Net;
using Orchestrator.AgentCore.Graph;
using Orchestrator.AgentCore.Supervisor;

namespace Orchestrator.AgentCore.Conversation;

/// <summary>How a failed turn is described to a client: never a stack trace or an upstream body.</summary>
public static class TurnFailures
{
    /// <summary>True for failures of a dependency, which a client sees as 502/504 and may retry.</summary>
    public static bool IsUpstream(Exception exception) =>
        exception is GraphRunException or RoutingException or HttpRequestException or TimeoutException
            or Polly.Timeout.TimeoutRejectedException;

    /// <summary>HTTP status, error type and a client-safe message; the failure is counted by type.</summary>
    public static (int Status, string ErrorType, string Message) Describe(Exception exception)
    {
        var described = Classify(exception);
        Telemetry.AgentCoreMetrics.TurnFailed(described.ErrorType);
        return described;
    }

    private static (int Status, string ErrorType, string Message) Classify(Exception exception) => exception switch
    {
        NothingToApproveException => (409, "NothingToApprove", exception.Message),
        GraphRunException { Status: HttpStatusCode.GatewayTimeout } => (504, "UpstreamTimeout", exception.Message),
        GraphRunException => (502, "UpstreamFailed", exception.Message),
        RoutingException => (502, "RoutingFailed", exception.Message),
        TimeoutException or Polly.Timeout.TimeoutRejectedException => (504, "UpstreamTimeout", "The workflow did not answer in time."),
        HttpRequestException => (502, "UpstreamFailed", "The workflow service could not be reached."),
        _ => (500, "InternalError", "The turn failed unexpectedly."),
    };
}
