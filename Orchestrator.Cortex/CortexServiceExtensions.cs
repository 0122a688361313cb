using Orchestrator.Cortex.Local;
using Orchestrator.ServiceDefaults.Data;

namespace Orchestrator.Cortex;

/// <summary>The Cortex gateway's services.</summary>
public static class CortexServiceExtensions
{
    /// <summary>
    /// Registers the local warehouse backend: the <c>warehouse-db</c> data source (with its health
    /// check and tracing), the seed migrations, and the read-only statement executor.
    /// </summary>
    public static IHostApplicationBuilder AddCortexServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNpgsqlDataSource(ResourceNames.WarehouseDb);
        builder.Services.AddSqlMigrations("warehouse", typeof(CortexServiceExtensions).Assembly);
        builder.Services.AddOptions<LocalWarehouseOptions>()
            .BindConfiguration(LocalWarehouseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LocalStatementExecutor>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCortexFeatures();
        return builder;
    }
}
