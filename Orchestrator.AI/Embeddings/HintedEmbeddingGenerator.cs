using Microsoft.Extensions.AI;

namespace Orchestrator.AI.Embeddings;

/// <summary>
/// Answers a request to embed one text from the current request's <see cref="EmbeddingHint"/> when it carries that
/// text's embedding by this generator's model, and asks the inner generator otherwise.
/// </summary>
public sealed class HintedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private static readonly AsyncLocal<string?> Current = new();

    /// <summary>Makes <paramref name="header"/> (an <see cref="EmbeddingHint"/> or null) the hint for the rest of this async flow.</summary>
    public static void Use(string? header) => Current.Value = header;

    /// <inheritdoc />
    public override Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (Current.Value is { } header && values is IReadOnlyList<string> { Count: 1 } single
            && InnerGenerator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId is { } model
            && EmbeddingHint.TryDecode(header, model, single[0]) is { } vector)
        {
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>([new Embedding<float>(vector) { ModelId = model }]));
        }

        return base.GenerateAsync(values, options, cancellationToken);
    }
}
