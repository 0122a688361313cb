using Orchestrator.AI;
using Orchestrator.Graph.Cortex;
using Orchestrator.Graph.Workflows;

namespace Orchestrator.Graph;

/// <summary>The Graph service's services.</summary>
public static class GraphServiceExtensions
{
    /// <summary>Registers the <c>orchestrator-db</c> data source, the Cortex client and the workflows.</summary>
    public static IHostApplicationBuilder AddGraphServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddChatModel(ResourceNames.ChatModel);
        builder.AddNpgsqlDataSource(ResourceNames.OrchestratorDb);
        builder.Services.AddHttpClient<CortexClient>(http => http.BaseAddress = ResourceNames.ServiceUri(ResourceNames.Cortex));
        builder.Services.AddTransient<WarehouseOverviewWorkflow>();
        builder.Services.AddGraphEngineServices();
        builder.Services.AddSingleton(OrchestratorGraph.Definition);
        return builder;
    }
}
