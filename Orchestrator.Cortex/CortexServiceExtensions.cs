using Orchestrator.AI;
using Orchestrator.Cortex.Local;
using Orchestrator.ServiceDefaults.Data;

namespace Orchestrator.Cortex;

/// <summary>The Cortex gateway's services.</summary>
public static class CortexServiceExtensions
{
    /// <summary>
    /// Registers the local warehouse backend: the <c>warehouse-db</c> data source (with its health
    /// check and tracing) and the seed migrations unless <c>Cortex:Backend</c> is snowflake, the
    /// read-only statement executor, and the features (<see cref="CortexFeatureExtensions.AddCortexFeatures"/>).
    /// </summary>
    public static IHostApplicationBuilder AddCortexServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddChatModel(ResourceNames.ChatModel);
        // With the snowflake backend there is no warehouse-db to connect to or seed.
        var local = !string.Equals(builder.Configuration["Cortex:Backend"], "snowflake", StringComparison.OrdinalIgnoreCase);
        if (local)
        {
            builder.AddNpgsqlDataSource(ResourceNames.WarehouseDb);
            builder.Services.AddSqlMigrations("warehouse", typeof(CortexServiceExtensions).Assembly);
            builder.Services.AddSingleton<LocalStatementExecutor>();
            // Offline analyst matching and search ranking use the local sentence-embedding model;
            // Cortex:Embeddings=lexical swaps in the model-free lexical embedding (faster, vocabulary only).
            if (!string.Equals(builder.Configuration["Cortex:Embeddings"], "lexical", StringComparison.OrdinalIgnoreCase))
            {
                builder.AddLocalEmbeddings();
            }

            builder.Services.AddCortexLocalFeatures();
        }

        builder.Services.AddOptions<LocalWarehouseOptions>()
            .BindConfiguration(LocalWarehouseOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddCortexFeatures();
        return builder;
    }
}
