using Orchestrator.AI;
using Orchestrator.AI.Prompts;
using Orchestrator.Graph.Cortex;
using Orchestrator.Graph.Workflows;

namespace Orchestrator.Graph;

/// <summary>The Graph service's services.</summary>
public static class GraphServiceExtensions
{
    /// <summary>Registers the <c>orchestrator-db</c> data source, the engine, the Cortex client, the model, embeddings, prompts and the workflows.</summary>
    public static IHostApplicationBuilder AddGraphServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddChatModel(ResourceNames.ChatModel);
        builder.AddNpgsqlDataSource(ResourceNames.OrchestratorDb);
        builder.Services.AddHttpClient<CortexClient>(http => http.BaseAddress = ResourceNames.ServiceUri(ResourceNames.Cortex));
        builder.AddLocalEmbeddings();
        builder.AddPromptCatalog();
        builder.Services.AddOptions<OrchestratorWorkflowOptions>()
            .BindConfiguration(OrchestratorWorkflowOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<RouteClassifier>();
        builder.Services.AddSingleton<OrchestratorNodes>();
        builder.Services.AddGraphEngineServices();
        builder.Services.AddSingleton(OrchestratorGraph.Definition);
        return builder;
    }
}
