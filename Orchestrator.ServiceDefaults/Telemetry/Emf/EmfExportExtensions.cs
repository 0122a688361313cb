using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Orchestrator.ServiceDefaults.Telemetry.Emf;

/// <summary>Adds the CloudWatch EMF metric export when <c>Orchestrator:Telemetry:Emf:Enabled</c> is true.</summary>
public static class EmfExportExtensions
{
    /// <summary>
    /// The service key of a <see cref="TextWriter"/> that receives the EMF lines instead of stdout
    /// (tests register one).
    /// </summary>
    public const string OutputServiceKey = "orchestrator-emf-output";

    /// <summary>
    /// Adds a second metric reader, with delta temporality and its own interval, that writes the selected
    /// instruments (<see cref="EmfSelection"/>) as EMF lines. The OTLP export keeps its cumulative view.
    /// </summary>
    /// <remarks>The options are bound and validated at start-up; a bad value fails the host naming its key.</remarks>
    public static MeterProviderBuilder AddOrchestratorEmfExport(this MeterProviderBuilder metrics, IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Configuration.GetValue<bool>(EmfExportOptions.SectionName + ":" + nameof(EmfExportOptions.Enabled)))
        {
            return metrics;
        }

        builder.Services.AddOptions<EmfExportOptions>()
            .BindConfiguration(EmfExportOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var fallbackServiceName = builder.Environment.ApplicationName;
        return metrics.AddReader(services => CreateReader(
            services.GetRequiredService<IOptions<EmfExportOptions>>().Value,
            services.GetKeyedService<TextWriter>(OutputServiceKey) ?? Console.Out,
            fallbackServiceName));
    }

    /// <summary>A periodic reader with delta temporality around an <see cref="EmfMetricExporter"/>.</summary>
    public static MetricReader CreateReader(EmfExportOptions options, TextWriter output, string fallbackServiceName)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new PeriodicExportingMetricReader(new EmfMetricExporter(options.Namespace, output, fallbackServiceName), options.ExportIntervalMilliseconds)
        {
            // CloudWatch adds the values it receives: a cumulative counter would be counted again every minute.
            TemporalityPreference = MetricReaderTemporalityPreference.Delta,
        };
    }
}
