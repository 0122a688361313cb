using System.Collections.Concurrent;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Orchestrator.Cortex.SemanticModel;

namespace Orchestrator.Cortex.Analyst;

/// <summary>A verified query and how close a question is to it.</summary>
public sealed record VerifiedQueryMatch(VerifiedQuery Query, double Similarity);

/// <summary>
/// Ranks a model's verified queries by the cosine similarity of their questions to a question,
/// embedding each model's questions once.
/// </summary>
public sealed class VerifiedQueryMatcher(IEmbeddingGenerator<string, Embedding<float>> embeddings)
{
    private readonly ConcurrentDictionary<SemanticModelDocument, Task<float[][]>> _cache = new(ReferenceEqualityComparer.Instance);

    /// <summary>The verified queries of <paramref name="model"/>, most similar to <paramref name="question"/> first.</summary>
    public async Task<IReadOnlyList<VerifiedQueryMatch>> RankAsync(SemanticModelDocument model, string question, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.VerifiedQueries.Count == 0)
        {
            return [];
        }

        var known = await Known(model);
        var asked = (await EmbedAsync([question], cancellationToken))[0];
        return model.VerifiedQueries
            .Select((query, i) => new VerifiedQueryMatch(query, Cosine(asked, known[i])))
            .OrderByDescending(m => m.Similarity)
            .ToList();
    }

    /// <summary>Embeds the verified questions of <paramref name="models"/> now, rather than on each model's first question.</summary>
    public Task WarmUpAsync(IEnumerable<SemanticModelDocument> models, CancellationToken cancellationToken) =>
        Task.WhenAll(models.Where(m => m.VerifiedQueries.Count > 0).Select(m => Known(m).WaitAsync(cancellationToken)));

    private Task<float[][]> Known(SemanticModelDocument model) =>
        _cache.GetOrAdd(model, m => EmbedAsync(m.VerifiedQueries.Select(q => q.Question).ToList(), CancellationToken.None));

    private async Task<float[][]> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var generated = await embeddings.GenerateAsync(texts, cancellationToken: cancellationToken);
        return generated.Select(e => e.Vector.ToArray()).ToArray();
    }

    private static double Cosine(float[] a, float[] b) =>
        a.Length == b.Length && a.Length > 0 ? TensorPrimitives.CosineSimilarity(a, b) : 0;
}
