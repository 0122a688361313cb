using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Cortex.SemanticModel;

namespace Orchestrator.Cortex.Analyst;

/// <summary>Registers the local analyst.</summary>
public static class AnalystServiceExtensions
{
    /// <summary>
    /// Registers the semantic-model catalog (embedded models, validated when first resolved), the
    /// analyst (generative when an <see cref="IChatClient"/> is registered, else offline over the
    /// registered <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, else lexical embeddings) and the
    /// message and feedback handling. The offline analyst's verified questions are embedded at start-up.
    /// </summary>
    public static IServiceCollection AddCortexAnalyst(this IServiceCollection services)
    {
        services.AddOptions<AnalystOptions>().BindConfiguration(AnalystOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => SemanticModelCatalog.LoadEmbedded());
        services.TryAddSingleton<FeedbackStore>();
        services.TryAddSingleton(sp => new VerifiedQueryMatcher(
            sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>() ?? new LexicalEmbeddingGenerator()));
        services.TryAddSingleton<OfflineAnalyst>();
        services.TryAddSingleton<IAnalyst>(sp => sp.GetService<IChatClient>() is { } chat && sp.GetService<ISqlChecker>() is { } checker
            ? new GenerativeAnalyst(chat, checker)
            : sp.GetRequiredService<OfflineAnalyst>());
        services.TryAddSingleton<AnalystService>();
        services.AddHostedService<AnalystWarmUp>();
        return services;
    }
}
