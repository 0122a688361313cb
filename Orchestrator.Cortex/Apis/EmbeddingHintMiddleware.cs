using Orchestrator.AI.Embeddings;

namespace Orchestrator.Cortex.Apis;

/// <summary>Takes the question's embedding a caller computed (<see cref="EmbeddingHint.HeaderName"/>), so Analyst and Search do not embed it again.</summary>
public static class EmbeddingHintMiddleware
{
    public static WebApplication UseEmbeddingHints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use((context, next) =>
        {
            HintedEmbeddingGenerator.Use(context.Request.Headers[EmbeddingHint.HeaderName] is { Count: 1 } hint ? hint.ToString() : null);
            return next(context);
        });
        return app;
    }
}
