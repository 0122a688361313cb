using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.AI.Prompts;

/// <summary>Registers <see cref="IPromptCatalog"/>.</summary>
public static class PromptCatalogExtensions
{
    /// <summary>
    /// Prompts from Langfuse when <c>ConnectionStrings:langfuse</c> is set, cached; otherwise the
    /// repository's local prompts.
    /// </summary>
    public static IHostApplicationBuilder AddPromptCatalog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PromptCatalogOptions>()
            .BindConfiguration(PromptCatalogOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);

        var connection = LangfuseConnection.Parse(builder.Configuration.GetConnectionString(LangfuseConnection.ConnectionName));
        if (connection is not null)
        {
            builder.Services.AddSingleton(connection);
            builder.Services.AddHttpClient(LangfusePromptClient.HttpClientName);
            builder.Services.AddSingleton<LangfusePromptClient>();
        }

        builder.Services.AddSingleton<IPromptCatalog>(sp => new PromptCatalog(
            sp.GetService<LangfusePromptClient>(),
            sp.GetRequiredService<IOptions<PromptCatalogOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<PromptCatalog>>()));
        return builder;
    }
}
