using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.ServiceDefaults;

/// <summary>
/// What every orchestrator service gets: OpenTelemetry, health checks, service discovery,
/// resilient HTTP clients, ProblemDetails for every error, and Langfuse scores when Langfuse is configured.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Readiness: the process and everything tagged <see cref="ReadyTag"/> (databases, downstreams).</summary>
    public const string HealthPath = "/health";

    /// <summary>Liveness: only the checks tagged <see cref="LiveTag"/>; a slow database does not restart the task.</summary>
    public const string AlivePath = "/alive";

    public const string LiveTag = "live";
    public const string ReadyTag = "ready";

    /// <summary>Adds telemetry, health checks, service discovery, resilient HTTP clients and ProblemDetails.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Added once for every client, the handler would keep one pipeline, and so one circuit breaker, per process:
            // failures of one dependency (Langfuse down) would refuse calls to all the others (Cortex). One per authority
            // keeps each dependency's breaker its own.
            http.AddStandardResilienceHandler().SelectPipelineByAuthority();
            http.AddServiceDiscovery();
        });
        builder.Services.AddOrchestratorProblemDetails();
        builder.AddLangfuseScores();
        return builder;
    }

    /// <summary>Registers the liveness check every service has.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (all checks) and <c>/alive</c> (liveness only). They are mapped in every
    /// environment because the ALB and ECS probe them in production.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .DisableHttpMetrics();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableHttpMetrics();
        return app;
    }

    /// <summary>True for requests to the health endpoints, which are left out of traces.</summary>
    internal static bool IsHealthProbe(HttpContext context) =>
        context.Request.Path.StartsWithSegments(HealthPath) || context.Request.Path.StartsWithSegments(AlivePath);
}
