using Orchestrator.Graph.Apis;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.Graph.Persistence;
using Orchestrator.Graph.Runs;
using Orchestrator.ServiceDefaults.Data;

namespace Orchestrator.Graph;

/// <summary>Registers and maps the LangGraph Server API over the engine, with PostgreSQL checkpoints and run queue.</summary>
public static class GraphApiExtensions
{
    /// <summary>
    /// Adds the engine services: PostgreSQL checkpointer, run store and queue worker, and the graph registry. Needs an
    /// <see cref="Npgsql.NpgsqlDataSource"/> in the container; workflows are <see cref="GraphDefinition"/> singletons.
    /// </summary>
    public static IServiceCollection AddGraphEngineServices(this IServiceCollection services)
    {
        services.AddOptions<GraphServiceOptions>().BindConfiguration(GraphServiceOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSqlMigrations("graph", typeof(GraphApiExtensions).Assembly);
        services.AddSingleton<ICheckpointSaver, PostgresCheckpointSaver>();
        services.AddSingleton<GraphRegistry>();
        services.AddSingleton<RunStore>();
        services.AddSingleton<RunEventLogs>();
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<RunLauncher>();
        services.AddSingleton<RunWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<RunWorker>());
        return services;
    }

    /// <summary>Maps assistants, threads and runs.</summary>
    public static IEndpointRouteBuilder MapGraphApi(this IEndpointRouteBuilder app)
    {
        app.MapAssistantsApi();
        app.MapThreadsApi();
        app.MapRunsApi();
        return app;
    }
}
