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

    /// <summary>
    /// Loads the embedding model and, for the offline router, embeds the route examples, so that the first turn
    /// after start-up costs what every other turn costs.
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (_router is EmbeddingRouter router)
        {
            await router.WarmUpAsync(cancellationToken);
        }
        else
        {
            await embeddings.GenerateVectorAsync("warm-up", cancellationToken: cancellationToken);
        }
    }

    /// <summary>The question's embedding: computed once per turn, used to route it and passed on with the run.</summary>
    /// <remarks>The local model computes it on the calling thread before returning (milliseconds of CPU).</remarks>
    public async Task<ReadOnlyMemory<float>> EmbedAsync(string question, CancellationToken cancellationToken) =>
        await embeddings.GenerateVectorAsync(question, cancellationToken: cancellationToken);

    /// <summary>Routes the question by its <paramref name="embedding"/> (from <see cref="EmbedAsync"/>) or by the generative model.</summary>
    public async Task<SupervisorDecision> DecideAsync(
        string question, ReadOnlyMemory<float> embedding, IReadOnlyList<Sessions.SessionMessage> history, CancellationToken cancellationToken)
    {
        var decision = await _router.RouteAsync(new RoutingInput(question, embedding, history), cancellationToken);
        if (decision.Confidence < options.Value.MinConfidence && await PreviousRouteAsync(history, cancellationToken) is { } previous)
        {
            // A short follow-up ("and per region?") is ambiguous alone but not within its conversation.
            decision = new RouteDecision(previous, options.Value.MinConfidence, $"follow-up to the conversation's {previous} turn; {decision.Reason}");
        }

        var clarification = decision.Confidence < options.Value.MinConfidence ? ClarifyingQuestion(decision) : null;
        return new SupervisorDecision(decision, embeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId, clarification);
    }

    /// <summary>
    /// The route of the conversation's last user message: remembered with the session, or, for
    /// history a client sent itself (OpenAI style), routed now (the one case that embeds twice).
    /// </summary>
    private async Task<string?> PreviousRouteAsync(IReadOnlyList<Sessions.SessionMessage> history, CancellationToken cancellationToken)
    {
        var previous = history.LastOrDefault(m => m.Role == "user");
        if (previous is null || previous.Route is not null)
        {
            return previous?.Route;
        }

        var embedding = await embeddings.GenerateVectorAsync(previous.Content, cancellationToken: cancellationToken);
        var decision = await _router.RouteAsync(new RoutingInput(previous.Content, embedding, []), cancellationToken);
        return decision.Confidence >= options.Value.MinConfidence ? decision.Route : null;
    }

    private static string ClarifyingQuestion(RouteDecision decision) =>
        "I'm not sure what you need yet. Is this a question about numbers in the sales data (revenue, orders, customers), "
        + "something to look up in the documents (policies, guides), or something else? "
        + $"(My best guess was '{decision.Route}' with confidence {decision.Confidence:P0}.)";
}

/// <summary>A route decision, the model that embedded the question, and the clarifying question when confidence was too low.</summary>
public sealed record SupervisorDecision(RouteDecision Route, string? EmbeddingModel, string? ClarifyingQuestion);
