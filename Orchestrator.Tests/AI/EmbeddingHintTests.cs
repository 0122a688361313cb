using Microsoft.Extensions.AI;
using Orchestrator.AI.Embeddings;

namespace Orchestrator.Tests.AI;

public class EmbeddingHintTests
{
    private const string Model = "snowflake-arctic-embed-xs";
    private static readonly float[] Vector = [0.25f, -1.5f, 3.125e-5f, 0f];

    [Fact]
    public void Hint_ForTheSameModelAndText_DecodesToTheExactVector()
    {
        var header = EmbeddingHint.Encode(Model, "What is the revenue?", Vector);

        Assert.Equal(Vector, EmbeddingHint.TryDecode(header, Model, "What is the revenue?"));
    }

    [Theory]
    [InlineData("another-model", "What is the revenue?")]
    [InlineData(Model, "What is the revenue? ")]
    [InlineData(Model, "what is the revenue?")]
    public void Hint_ForAnotherModelOrText_IsNotUsed(string model, string text)
    {
        var header = EmbeddingHint.Encode(Model, "What is the revenue?", Vector);

        Assert.Null(EmbeddingHint.TryDecode(header, model, text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("snowflake-arctic-embed-xs;abc")]
    [InlineData("snowflake-arctic-embed-xs;HASH;not base64!")]
    [InlineData("snowflake-arctic-embed-xs;HASH;AAAA")]
    [InlineData("snowflake-arctic-embed-xs;HASH;AADAfw==")]
    public void Hint_Malformed_IsNotUsed(string? header)
    {
        // HASH stands for the right text hash, so only the vector part is wrong (3 bytes; a NaN).
        var hash = EmbeddingHint.Encode(Model, "q", []).Split(';')[1];

        Assert.Null(EmbeddingHint.TryDecode(header?.Replace("HASH", hash, StringComparison.Ordinal), Model, "q"));
    }

    [Fact]
    public async Task Generator_WithAMatchingHint_AnswersWithoutEmbedding_AndEmbedsOtherTexts()
    {
        var inner = new CountingGenerator();
        using var generator = new HintedEmbeddingGenerator(inner);
        var answered = await Task.Run(async () =>
        {
            HintedEmbeddingGenerator.Use(EmbeddingHint.Encode(Model, "hinted question", Vector));
            var hinted = await generator.GenerateVectorAsync("hinted question");
            var other = await generator.GenerateVectorAsync("another question");
            var several = await generator.GenerateAsync(["hinted question", "x"]);
            return (hinted, other, several.Count);
        }).WaitAsync(TimeSpan.FromSeconds(10));
        var outside = await generator.GenerateVectorAsync("hinted question").WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Vector, answered.hinted.ToArray());
        Assert.Equal(CountingGenerator.Output, answered.other.ToArray());
        Assert.Equal(2, answered.Item3);
        // Only "another question", the batch and the call outside the hinted flow reached the model.
        Assert.Equal(3, inner.Calls);
        Assert.Equal(CountingGenerator.Output, outside.ToArray());
    }

    private sealed class CountingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public static readonly float[] Output = [1f, 0f, 0f, 0f];

        public int Calls { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(_ => new Embedding<float>(Output))));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(EmbeddingGeneratorMetadata) ? new EmbeddingGeneratorMetadata("test", null, Model, 4) : null;

        public void Dispose()
        {
        }
    }
}
