using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.AI;
using Orchestrator.AI.Embeddings;

namespace Orchestrator.Tests.AI;

/// <summary>Loads the real local model once for the class.</summary>
public sealed class ArcticEmbeddingGeneratorTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly IHost _host;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;

    public ArcticEmbeddingGeneratorTests()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddLocalEmbeddings();
        _host = builder.Build();
        _generator = _host.Services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
    }

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task Generate_Sentences_Returns384DimensionalUnitVectors()
    {
        var embeddings = await _generator.GenerateAsync(["Revenue by region last quarter", "Hello"]).WaitAsync(Timeout);

        Assert.Equal(2, embeddings.Count);
        Assert.All(embeddings, e =>
        {
            Assert.Equal(ArcticEmbeddingGenerator.Dimensions, e.Vector.Length);
            Assert.Equal(1.0, TensorPrimitives.Norm(e.Vector.Span), 3);
        });
    }

    [Fact]
    public async Task Generate_SimilarSentences_ScoreHigherThanUnrelated()
    {
        var embeddings = await _generator.GenerateAsync(
            ["What were total sales in March?", "How much revenue did we make in March?", "The cat sleeps on the warm windowsill."]).WaitAsync(Timeout);

        var similar = TensorPrimitives.Dot(embeddings[0].Vector.Span, embeddings[1].Vector.Span);
        var unrelated = TensorPrimitives.Dot(embeddings[0].Vector.Span, embeddings[2].Vector.Span);

        Assert.True(similar > unrelated + 0.1f, $"similar {similar}, unrelated {unrelated}");
    }

    [Fact]
    public async Task Generate_ConcurrentCallers_GetTheSameVectors()
    {
        var tasks = Enumerable.Range(0, 6).Select(_ => Task.Run(() => _generator.GenerateVectorAsync("orders shipped late"))).ToArray();

        var vectors = await Task.WhenAll(tasks).WaitAsync(Timeout);

        Assert.All(vectors, v => Assert.Equal(vectors[0].ToArray(), v.ToArray()));
        Assert.Equal(ArcticEmbeddingGenerator.ModelId, _generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId);
    }
}
