using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Cortex.Agents;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.Apis;
using Orchestrator.Cortex.Configuration;
using Orchestrator.Cortex.Search;
using Orchestrator.Cortex.Snowflake;
using Orchestrator.Cortex.Statements;

namespace Orchestrator.Cortex;

/// <summary>The gateway's features beyond the statement executor: backend choice, SQL API lifecycle, Analyst, Search, Agents.</summary>
public static class CortexFeatureExtensions
{
    /// <summary>
    /// Registers the backend choice (<c>Cortex:Backend</c>) and the Snowflake client (validated at
    /// start-up when chosen). With the local backend, <see cref="AddCortexLocalFeatures"/> adds the rest:
    /// a chat model (<see cref="IChatClient"/>) and an embedding generator are used when registered
    /// (Orchestrator.AI); without an embedding generator a lexical one stands in.
    /// </summary>
    public static IServiceCollection AddCortexFeatures(this IServiceCollection services)
    {
        services.AddOptions<CortexBackendOptions>().BindConfiguration(CortexBackendOptions.Section).ValidateOnStart();
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section);
        services.AddSnowflakeClient();
        return services;
    }

    /// <summary>
    /// Registers what the local backend serves the northbound API with: the statement lifecycle,
    /// the analyst over the embedded semantic models, search over the support corpus, and agents.
    /// </summary>
    public static IServiceCollection AddCortexLocalFeatures(this IServiceCollection services)
    {
        services.TryAddSingleton<StatementResultCache>();
        services.TryAddSingleton<LocalStatementService>();
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(_ => new LexicalEmbeddingGenerator());
        services.TryAddSingleton<ISqlChecker, ExplainSqlChecker>();
        services.AddCortexAnalyst();
        services.TryAddSingleton<CortexSearchEngine>();
        services.TryAddSingleton<IAgentQueryRunner, LocalAgentQueryRunner>();
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<CortexAgent>(sp));
        services.TryAddSingleton<AgentService>();
        return services;
    }

    /// <summary>Maps the Analyst, Search and Agents paths (the SQL API is mapped by <see cref="StatementsApi"/>).</summary>
    public static IEndpointRouteBuilder MapCortexFeatureApis(this IEndpointRouteBuilder app) =>
        app.MapCortexAnalystApi().MapCortexSearchApi().MapCortexAgentApi();
}
