using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace Orchestrator.AgentCore.Supervisor;

/// <summary>
/// The offline router: cosine similarity of the question to each route's examples (the best
/// example per route). Confidence is the softmax weight of the winning route over the three
/// route scores, so a question equally close to two routes gets a low confidence.
/// </summary>
public sealed class EmbeddingRouter(IEmbeddingGenerator<string, Embedding<float>> embeddings) : IRouter
{
    // Cosine similarities of arctic-embed-xs sit in a narrow band; a sharp temperature spreads them.
    private const double Temperature = 0.02;
    private readonly Lazy<Task<Dictionary<string, float[][]>>> _examples = new(() => EmbedExamplesAsync(embeddings));

    /// <summary>Embeds the route examples now (once), rather than on the first turn routed.</summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) => _examples.Value.WaitAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<RouteDecision> RouteAsync(RoutingInput turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var examples = await _examples.Value.WaitAsync(cancellationToken);
        var scores = examples.ToDictionary(
            route => route.Key,
            route => route.Value.Max(example => (double)TensorPrimitives.CosineSimilarity(turn.Embedding.Span, example)));
        var best = scores.MaxBy(s => s.Value);
        var weights = scores.ToDictionary(s => s.Key, s => Math.Exp((s.Value - best.Value) / Temperature));
        var confidence = weights[best.Key] / weights.Values.Sum();
        return new RouteDecision(best.Key, Math.Round(confidence, 3), $"closest to the {best.Key} examples (similarity {best.Value:F2})");
    }

    private static async Task<Dictionary<string, float[][]>> EmbedExamplesAsync(IEmbeddingGenerator<string, Embedding<float>> embeddings)
    {
        var result = new Dictionary<string, float[][]>();
        foreach (var (route, questions) in AgentRoutes.Examples)
        {
            var vectors = await embeddings.GenerateAsync(questions);
            result[route] = [.. vectors.Select(v => v.Vector.ToArray())];
        }

        return result;
    }
}
