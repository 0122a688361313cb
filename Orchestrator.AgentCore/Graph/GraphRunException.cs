using System.Net;

namespace Orchestrator.AgentCore.Graph;

/// <summary>The graph service failed a run.</summary>
public class GraphRunException(HttpStatusCode status, string message) : Exception(message)
{
    /// <summary>Graph's status, or 502 when its answer was unusable.</summary>
    public HttpStatusCode Status { get; } = status;
}

/// <summary>A decision on SQL approval came for a session whose thread has no run waiting for one.</summary>
public sealed class NothingToApproveException() : GraphRunException(HttpStatusCode.Conflict, "Nothing in this session is waiting for approval.");
