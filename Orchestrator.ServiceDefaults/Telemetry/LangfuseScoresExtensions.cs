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
            builder.Services.AddHttpClient(LangfuseScoreClient.HttpClientName).WithOwnStandardResilience(resilience =>
            {
                // A score is sent while someone waits for their feedback request, and what Langfuse does not take is
                // kept and sent again later: one quick retry, not the defaults' three with back-off (about 14 s of
                // waiting when Langfuse is down).
                resilience.Retry.MaxRetryAttempts = 1;
                resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(2);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(5);
            });
            builder.Services.TryAddSingleton<LangfuseScoreClient>();
        }

        return builder;
    }
}
