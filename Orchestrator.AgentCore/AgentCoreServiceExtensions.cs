using Orchestrator.AI;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orchestrator.AgentCore.Graph;
using Orchestrator.AgentCore.Runtime;

namespace Orchestrator.AgentCore;

/// <summary>The AgentCore edge's services.</summary>
public static class AgentCoreServiceExtensions
{
    /// <summary>Registers limits, the session store's data source, the Graph client and the ping status.</summary>
    public static IHostApplicationBuilder AddAgentCoreServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddChatModel(ResourceNames.ChatModel);
        builder.Services.AddOptions<AgentCoreOptions>()
            .BindConfiguration(AgentCoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp =>
            new ConfigureOptions<KestrelServerOptions>(kestrel =>
                kestrel.Limits.MaxRequestBodySize = sp.GetRequiredService<IOptions<AgentCoreOptions>>().Value.MaxRequestBodyBytes));

        builder.AddNpgsqlDataSource(ResourceNames.OrchestratorDb);
        builder.Services.AddHttpClient<GraphClient>(http => http.BaseAddress = ResourceNames.ServiceUri(ResourceNames.Graph));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PingStatus>();
        return builder;
    }
}
