namespace Orchestrator.AgentCore.Supervisor;

/// <summary>Chooses the agent for one turn.</summary>
public interface IRouter
{
    /// <summary>Routes <paramref name="turn"/>; the question's embedding is already computed.</summary>
    Task<RouteDecision> RouteAsync(RoutingInput turn, CancellationToken cancellationToken);
}

/// <summary>What a router sees of a turn.</summary>
public sealed record RoutingInput(string Question, ReadOnlyMemory<float> Embedding, IReadOnlyList<Sessions.SessionMessage> History);
