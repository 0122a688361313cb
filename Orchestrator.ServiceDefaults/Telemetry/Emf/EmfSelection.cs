using System.Globalization;
using OpenTelemetry.Metrics;

namespace Orchestrator.ServiceDefaults.Telemetry.Emf;

/// <summary>
/// What goes to CloudWatch: which instruments, and which of their attributes become dimensions. Every
/// distinct set of dimension values is a custom metric that CloudWatch bills, so both lists are short
/// and fixed in code rather than configurable.
/// </summary>
public static class EmfSelection
{
    /// <summary>The dimension carrying the OpenTelemetry <c>service.name</c> on every metric.</summary>
    public const string ServiceDimension = "Service";

    /// <summary>The dimension made from <c>http.response.status_code</c>: its class (<c>2xx</c> ... <c>5xx</c>), not the code.</summary>
    public const string StatusClassDimension = "http.response.status_class";

    private const string StatusCodeAttribute = "http.response.status_code";

    /// <summary>Standard instruments exported besides every instrument of the orchestrator's own meters.</summary>
    public static IReadOnlySet<string> StandardInstruments { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "http.server.request.duration",
        "gen_ai.client.token.usage",
        "gen_ai.client.operation.duration",
    };

    /// <summary>
    /// The attributes kept as dimensions: each has few values (routes, models, outcomes). Identifiers of
    /// sessions, users, threads or traces, and anything that may hold a secret, are never on this list.
    /// </summary>
    public static IReadOnlySet<string> DimensionAttributes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "http.route",
        "http.request.method",
        StatusCodeAttribute,
        "error.type",
        "route",
        "outcome",
        "destination",
        "gen_ai.operation.name",
        "gen_ai.request.model",
        "gen_ai.token.type",
        "db.operation",
        "db.operation.name",
        "orchestrator.graph.name",
        "orchestrator.graph.node",
        "orchestrator.route",
        "orchestrator.clarifying",
    };

    /// <summary>Whether the metric is written: the orchestrator's meters and the standard instruments above.</summary>
    public static bool IsExported(Metric metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return metric.MeterName.StartsWith(TelemetryNames.Prefix + ".", StringComparison.Ordinal)
            || StandardInstruments.Contains(metric.Name);
    }

    /// <summary>
    /// The dimension name and value an attribute contributes, or <c>null</c> when it is not a dimension
    /// (not on the list, or no usable value).
    /// </summary>
    public static KeyValuePair<string, string>? Dimension(string key, object? value)
    {
        if (!DimensionAttributes.Contains(key) || value is null)
        {
            return null;
        }

        if (key == StatusCodeAttribute)
        {
            return value is int or long or short && Convert.ToInt64(value, CultureInfo.InvariantCulture) is >= 100 and <= 599 and var code
                ? new(StatusClassDimension, (code / 100).ToString(CultureInfo.InvariantCulture) + "xx")
                : null;
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        // CloudWatch accepts dimension values of up to 1024 characters.
        return new(key, text.Length <= 1024 ? text : text[..1024]);
    }
}
