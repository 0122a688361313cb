using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Orchestrator.AgentCore.Supervisor;

/// <summary>
/// Decides each turn's route: by the generative model's forced tool call when one is configured,
/// else by embedding similarity. The question is embedded exactly once here; the vector travels
/// with the run so Graph and Cortex need not embed it again.
/// </summary>
public sealed class AgentSupervisor(
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    EmbeddingRouter embeddingRouter,
    IOptions<SupervisorOptions> options,
    IChatClient? chat = null)
{
    private readonly IRouter _router = chat is null ? embeddingRouter : new ChatModelRouter(chat);

    /// <summary>Embeds the question and routes it.</summary>
    public async Task<SupervisorDecision> DecideAsync(string question, IReadOnlyList<Sessions.SessionMessage> history, CancellationToken cancellationToken)
    {
        var embedding = await embeddings.GenerateVectorAsync(question, cancellationToken: cancellationToken);
        var decision = await _router.RouteAsync(new RoutingInput(question, embedding, history), cancellationToken);
        if (decision.Confidence < options.Value.MinConfidence && history.LastOrDefault(m => m.Role == "user")?.Route is { } previous)
        {
            // A short follow-up ("and per region?") is ambiguous alone but not within its session.
            decision = new RouteDecision(previous, options.Value.MinConfidence, $"follow-up to the session's {previous} turn; {decision.Reason}");
        }

        var clarification = decision.Confidence < options.Value.MinConfidence ? ClarifyingQuestion(decision) : null;
        return new SupervisorDecision(decision, embedding, clarification);
    }

    private static string ClarifyingQuestion(RouteDecision decision) =>
        "I'm not sure what you need yet. Is this a question about numbers in the sales data (revenue, orders, customers), "
        + "something to look up in the documents (policies, guides), or something else? "
        + $"(My best guess was '{decision.Route}' with confidence {decision.Confidence:P0}.)";
}

/// <summary>A route decision, the question's embedding, and the clarifying question when confidence was too low.</summary>
public sealed record SupervisorDecision(RouteDecision Route, ReadOnlyMemory<float> Embedding, string? ClarifyingQuestion);
