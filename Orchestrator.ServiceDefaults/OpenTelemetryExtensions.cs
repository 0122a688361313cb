using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orchestrator.ServiceDefaults.Telemetry;
using Orchestrator.ServiceDefaults.Telemetry.Emf;

namespace Orchestrator.ServiceDefaults;

/// <summary>OpenTelemetry wiring shared by every service.</summary>
public static class OpenTelemetryExtensions
{
    /// <summary>
    /// Traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the AppHost
    /// sets it to the dashboard; in AWS it points at the collector). Health probes are not traced.
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddMeter(TelemetryNames.Prefix + ".*")
                .AddOrchestratorEmfExport(builder))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource(TelemetryNames.Prefix + ".*")
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !ServiceDefaultsExtensions.IsHealthProbe(context))
                .AddHttpClientInstrumentation(options =>
                    options.FilterHttpRequestMessage = request =>
                        request.RequestUri is null || !IsHealthPath(request.RequestUri.AbsolutePath))
                .AddNpgsql()
                .AddOrchestratorTraceExport(builder));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsHealthPath(string path) =>
        path.StartsWith(ServiceDefaultsExtensions.HealthPath, StringComparison.Ordinal) ||
        path.StartsWith(ServiceDefaultsExtensions.AlivePath, StringComparison.Ordinal);
}
