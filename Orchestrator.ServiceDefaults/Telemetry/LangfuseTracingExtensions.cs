using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>Sends traces to Langfuse as well as the dashboard when <c>ConnectionStrings:langfuse</c> is set.</summary>
public static class LangfuseTracingExtensions
{
    /// <summary>False at the public edge, whose callers' W3C baggage must not become span attributes.</summary>
    public const string TrustIncomingBaggageKey = "Orchestrator:Telemetry:TrustIncomingBaggage";

    /// <summary>
    /// Adds the session and user ids from baggage, model costs from the price table, and redaction (always), and when Langfuse is configured: Langfuse's trace attributes and an
    /// OTLP/HTTP protobuf exporter to <c>&lt;endpoint&gt;/api/public/otel/v1/traces</c> with Basic auth,
    /// batched from a bounded queue that drops (and counts) rather than block.
    /// </summary>
    /// <summary>The configured price table, validated now so a bad entry fails start-up naming its key.</summary>
    private static List<ModelPrice> ModelPrices(IHostApplicationBuilder builder)
    {
        var prices = builder.Configuration.GetSection(ModelPrice.SectionName).Get<List<ModelPrice>>() ?? [];
        foreach (var price in prices)
        {
            Validator.ValidateObject(price, new ValidationContext(price), validateAllProperties: true);
        }

        return prices;
    }

    public static TracerProviderBuilder AddOrchestratorTraceExport(this TracerProviderBuilder tracing, IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(tracing);
        ArgumentNullException.ThrowIfNull(builder);
        var options = new LangfuseExportOptions { CaptureContent = builder.Environment.IsDevelopment() };
        builder.Configuration.GetSection(LangfuseExportOptions.SectionName).Bind(options);
        builder.Services.AddOptions<LangfuseExportOptions>()
            .BindConfiguration(LangfuseExportOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        tracing.AddProcessor(new TraceIdentityProcessor(builder.Configuration.GetValue(TrustIncomingBaggageKey, defaultValue: true)));
        tracing.AddProcessor(new ModelCostProcessor(ModelPrices(builder)));
        tracing.AddProcessor(new TelemetryRedactionProcessor(options.CaptureContent));

        var connection = LangfuseConnection.Parse(builder.Configuration.GetConnectionString(LangfuseConnection.ConnectionName));
        if (connection is null)
        {
            return tracing;
        }

        var release = options.Release
            ?? Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? "unknown";
        tracing.AddProcessor(new LangfuseAttributesProcessor(options.Environment ?? builder.Environment.EnvironmentName.ToLowerInvariant(), release));

        var exporter = new OtlpTraceExporter(new OtlpExporterOptions
        {
            Endpoint = connection.TracesEndpoint,
            Protocol = OtlpExportProtocol.HttpProtobuf,
            // Langfuse asks direct OTLP exporters to declare ingestion version 4 (real-time ingestion).
            Headers = $"Authorization={connection.AuthorizationHeaderValue},x-langfuse-ingestion-version=4",
            TimeoutMilliseconds = 10_000,
        });
        return tracing.AddProcessor(new BoundedActivityExportProcessor(
            exporter, "langfuse", options.MaxQueueSize, options.MaxExportBatchSize, TimeSpan.FromMilliseconds(options.ScheduledDelayMilliseconds)));
    }
}
