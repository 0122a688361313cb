using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>Registers <see cref="LangfuseScoreClient"/> when <c>ConnectionStrings:langfuse</c> is set.</summary>
public static class LangfuseScoresExtensions
{
    /// <summary>
    /// Adds the score client when Langfuse is configured; otherwise nothing, and callers resolve it with
    /// <c>GetService</c> and skip forwarding.
    /// </summary>
    public static IHostApplicationBuilder AddLangfuseScores(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (LangfuseConnection.Parse(builder.Configuration.GetConnectionString(LangfuseConnection.ConnectionName)) is { } connection)
        {
            builder.Services.TryAddSingleton(connection);
            builder.Services.AddHttpClient(LangfuseScoreClient.HttpClientName);
            builder.Services.TryAddSingleton<LangfuseScoreClient>();
        }

        return builder;
    }
}
