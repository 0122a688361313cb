using Microsoft.Extensions.AI;

namespace Orchestrator.Tests.Cortex.Fakes;

/// <summary>
/// A tiny deterministic embedding for tests: one dimension per vocabulary word, counting its
/// occurrences (plural 's' stripped). Similarity is then easy to reason about in a test.
/// </summary>
public sealed class KeywordEmbeddingGenerator(params string[] vocabulary) : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Calls { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }

    private float[] Embed(string text)
    {
        var words = new string(text.ToLowerInvariant().Select(c => char.IsLetter(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.EndsWith('s') ? w[..^1] : w)
            .ToList();
        return vocabulary.Select(v => (float)words.Count(w => w == v)).ToArray();
    }
}
