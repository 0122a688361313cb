using Microsoft.Extensions.AI;

namespace Orchestrator.Cortex.Analyst;

/// <summary>
/// A deterministic, model-free embedding: words and character trigrams hashed into a fixed number
/// of dimensions, L2-normalised. It captures shared vocabulary, not meaning.
/// </summary>
/// <remarks>
/// Used only when no embedding generator is registered (Orchestrator.AI normally provides a local
/// sentence-embedding model), so the offline analyst and search still work on a bare machine.
/// </remarks>
public sealed class LexicalEmbeddingGenerator(int dimensions = 512) : IEmbeddingGenerator<string, Embedding<float>>
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "the", "a", "an", "of", "in", "on", "for", "to", "by", "and", "or", "is", "are", "was", "were", "what",
        "which", "how", "many", "much", "me", "show", "give", "list", "per", "each", "with", "do", "does", "our",
    };

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v))));
        return Task.FromResult(embeddings);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType?.IsInstanceOfType(this) == true ? this : null;

    /// <inheritdoc />
    public void Dispose()
    {
    }

    private float[] Embed(string text)
    {
        var vector = new float[dimensions];
        var words = Tokens(text).ToList();
        foreach (var word in words)
        {
            Add(vector, "w:" + word, 2f);
            var padded = $" {word} ";
            for (var i = 0; i + 3 <= padded.Length; i++)
            {
                Add(vector, string.Concat("t:", padded.AsSpan(i, 3)), 1f);
            }
        }

        var norm = MathF.Sqrt(vector.Sum(x => x * x));
        if (norm > 0)
        {
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] /= norm;
            }
        }

        return vector;
    }

    private void Add(float[] vector, string feature, float weight)
    {
        // FNV-1a: stable across processes and platforms, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in feature)
        {
            hash = (hash ^ c) * 16777619u;
        }

        vector[hash % (uint)dimensions] += (hash & 0x8000_0000) == 0 ? weight : -weight;
    }

    private static IEnumerable<string> Tokens(string text) =>
        new string(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !StopWords.Contains(w))
            .Select(w => w.Length > 4 && w.EndsWith('s') ? w[..^1] : w);
}
