using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestrator.ServiceDefaults.Telemetry.Emf;

namespace Orchestrator.Hosting.Aws;

/// <summary>
/// The settings an ECS task gets so its telemetry reaches CloudWatch through its log group: metrics as
/// EMF lines, logs as one JSON object per line (what the log metric filters match), and the service
/// name the metrics carry as their <c>Service</c> dimension.
/// </summary>
public static class EcsTelemetryEnvironment
{
    /// <summary>Turns the EMF metric export on (<c>Orchestrator__Telemetry__Emf__Enabled</c>).</summary>
    public static string EmfEnabled { get; } =
        EmfExportOptions.SectionName.Replace(":", "__", StringComparison.Ordinal) + "__" + nameof(EmfExportOptions.Enabled);

    /// <summary>Selects the console logger's JSON formatter.</summary>
    public const string ConsoleFormatter = "Logging__Console__FormatterName";

    /// <summary>The OpenTelemetry service name.</summary>
    public const string ServiceName = "OTEL_SERVICE_NAME";

    /// <summary>The formatter name of Microsoft.Extensions.Logging's JSON console formatter.</summary>
    public const string JsonFormatter = "json";

    /// <summary>Adds the settings, in publish mode only: locally the dashboard gets telemetry over OTLP.</summary>
    internal static IResourceBuilder<ProjectResource> WithEcsTelemetry(this IResourceBuilder<ProjectResource> builder) =>
        builder.WithEnvironment(context =>
        {
            if (!context.ExecutionContext.IsPublishMode)
            {
                return;
            }

            context.EnvironmentVariables[EmfEnabled] = "true";
            context.EnvironmentVariables[ConsoleFormatter] = JsonFormatter;
            context.EnvironmentVariables[ServiceName] = builder.Resource.Name;
        });
}
