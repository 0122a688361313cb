using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Orchestrator.ServiceDefaults.Telemetry.Emf;

/// <summary>
/// Writes metrics as CloudWatch Embedded Metric Format documents, one JSON object per line.
/// </summary>
/// <remarks>
/// <para>
/// A document carries the metrics that share one set of dimension values: the values are top-level
/// members, and <c>_aws.CloudWatchMetrics</c> names the namespace, the one dimension set
/// (<see cref="EmfSelection.ServiceDimension"/> first, then the allowed attributes) and each metric
/// with its unit. More than <see cref="MaxMetricsPerDocument"/> metrics are split over documents.
/// </para>
/// <para>
/// Counters are written as the delta of the interval (the reader must prefer delta temporality), so
/// CloudWatch's <c>Sum</c> is the count over any period. Histograms are written as statistic sets
/// <c>{Min, Max, Sum, Count}</c>: exact for average, sum, count, minimum and maximum, one small object
/// per metric whatever the bucket layout. The alternative, <c>{Values, Counts}</c>, would give
/// percentiles only by inventing a representative value for each explicit bucket (and none exists for
/// the open last bucket), so its percentiles would look precise without being so. (The first EMF
/// specification spoke only of numbers and arrays; CloudWatch also extracts these statistic-set objects,
/// which is how AWS's own OpenTelemetry EMF exporter writes histograms.)
/// </para>
/// </remarks>
public sealed class EmfMetricExporter : BaseExporter<Metric>
{
    /// <summary>EMF's limit of metric directives' metrics per document.</summary>
    public const int MaxMetricsPerDocument = 100;

    /// <summary>EMF's limit of values in one metric's array.</summary>
    public const int MaxValuesPerMetric = 100;

    /// <summary>EMF's limit of dimensions in one dimension set (30 since CloudWatch raised it from 9; ours stay near 5).</summary>
    public const int MaxDimensionsPerSet = 30;

    private readonly string _namespace;
    private readonly TextWriter _output;
    private readonly string _fallbackServiceName;

    /// <summary>Creates the exporter.</summary>
    /// <param name="metricNamespace">The CloudWatch namespace.</param>
    /// <param name="output">Where lines go: stdout in a container, which the awslogs driver ships.</param>
    /// <param name="fallbackServiceName">The service dimension when the resource has no <c>service.name</c>.</param>
    public EmfMetricExporter(string metricNamespace, TextWriter output, string fallbackServiceName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metricNamespace);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentException.ThrowIfNullOrWhiteSpace(fallbackServiceName);
        _namespace = metricNamespace;
        _output = output;
        _fallbackServiceName = fallbackServiceName;
    }

    /// <inheritdoc />
    public override ExportResult Export(in Batch<Metric> batch)
    {
        var service = ServiceName();
        var groups = new Dictionary<string, EmfDocumentGroup>(StringComparer.Ordinal);
        foreach (var metric in batch)
        {
            if (!EmfSelection.IsExported(metric))
            {
                continue;
            }

            var unit = EmfUnits.From(metric.Unit);
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var dimensions = new SortedDictionary<string, string>(StringComparer.Ordinal);
                foreach (var tag in point.Tags)
                {
                    if (EmfSelection.Dimension(tag.Key, tag.Value) is { } dimension)
                    {
                        dimensions[dimension.Key] = dimension.Value;
                    }
                }

                var key = string.Join('\n', dimensions.Select(d => d.Key + "\u001f" + d.Value));
                if (!groups.TryGetValue(key, out var group))
                {
                    group = new EmfDocumentGroup(dimensions, point.EndTime);
                    groups.Add(key, group);
                }

                Accumulate(group, metric, unit, point);
            }
        }

        try
        {
            foreach (var group in groups.Values)
            {
                foreach (var chunk in group.Metrics.Chunk(MaxMetricsPerDocument))
                {
                    _output.Write(Document(service, group, chunk));
                }
            }

            _output.Flush();
            return ExportResult.Success;
        }
        catch (IOException)
        {
            return ExportResult.Failure;
        }
        catch (ObjectDisposedException)
        {
            return ExportResult.Failure;
        }
    }

    private static void Accumulate(EmfDocumentGroup group, Metric metric, string unit, in MetricPoint point)
    {
        switch (metric.MetricType)
        {
            case MetricType.LongSum:
                group.Value(metric.Name, EmfValueKind.Total, unit)?.AddTotal(point.GetSumLong());
                break;
            case MetricType.DoubleSum:
                group.Value(metric.Name, EmfValueKind.Total, unit)?.AddTotal(point.GetSumDouble());
                break;
            case MetricType.LongSumNonMonotonic:
                group.Value(metric.Name, EmfValueKind.Readings, unit)?.AddReading(point.GetSumLong());
                break;
            case MetricType.DoubleSumNonMonotonic:
                group.Value(metric.Name, EmfValueKind.Readings, unit)?.AddReading(point.GetSumDouble());
                break;
            case MetricType.LongGauge:
                group.Value(metric.Name, EmfValueKind.Readings, unit)?.AddReading(point.GetGaugeLastValueLong());
                break;
            case MetricType.DoubleGauge:
                group.Value(metric.Name, EmfValueKind.Readings, unit)?.AddReading(point.GetGaugeLastValueDouble());
                break;
            case MetricType.Histogram or MetricType.ExponentialHistogram:
                var count = point.GetHistogramCount();
                if (count == 0)
                {
                    // Nothing recorded in the interval; CloudWatch rejects a statistic set with no samples.
                    return;
                }

                var sum = point.GetHistogramSum();
                if (!point.TryGetHistogramMinMaxValues(out var min, out var max))
                {
                    // The SDK records min and max unless a view turns it off; the mean is the honest fallback.
                    min = max = sum / count;
                }

                group.Value(metric.Name, EmfValueKind.StatisticSet, unit)?.AddStatistics(min, max, sum, count);
                break;
        }
    }

    private string Document(string service, EmfDocumentGroup group, IReadOnlyList<KeyValuePair<string, EmfValue>> metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", group.Timestamp.ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", _namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue(EmfSelection.ServiceDimension);
            foreach (var name in group.Dimensions.Keys.Take(MaxDimensionsPerSet - 1))
            {
                json.WriteStringValue(name);
            }

            json.WriteEndArray();
            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var (name, value) in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", name);
                json.WriteString("Unit", value.Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteString(EmfSelection.ServiceDimension, service);
            foreach (var (name, value) in group.Dimensions)
            {
                json.WriteString(name, value);
            }

            foreach (var (name, value) in metrics)
            {
                json.WritePropertyName(name);
                WriteValue(json, value);
            }

            json.WriteEndObject();
        }

        // One Write call per line: the console logger writes to the same stream, and a line must not be split.
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteValue(Utf8JsonWriter json, EmfValue value)
    {
        switch (value.Kind)
        {
            case EmfValueKind.Total:
                json.WriteNumberValue(Finite(value.Sum));
                break;
            case EmfValueKind.Readings when value.Values.Count == 1:
                json.WriteNumberValue(Finite(value.Values[0]));
                break;
            case EmfValueKind.Readings:
                json.WriteStartArray();
                foreach (var reading in value.Values.Take(MaxValuesPerMetric))
                {
                    json.WriteNumberValue(Finite(reading));
                }

                json.WriteEndArray();
                break;
            default:
                json.WriteStartObject();
                json.WriteNumber("Min", Finite(value.Min));
                json.WriteNumber("Max", Finite(value.Max));
                json.WriteNumber("Sum", Finite(value.Sum));
                json.WriteNumber("Count", value.Count);
                json.WriteEndObject();
                break;
        }
    }

    // JSON has no NaN or infinity; an instrument that records them gets a clamped value rather than a broken line.
    private static double Finite(double value) => double.IsNaN(value) ? 0 : Math.Clamp(value, double.MinValue, double.MaxValue);

    private string ServiceName()
    {
        var resource = ParentProvider?.GetResource();
        var name = resource?.Attributes.FirstOrDefault(a => a.Key == "service.name").Value as string;
        // The SDK's default is "unknown_service:<process>"; the host's application name says more.
        return string.IsNullOrWhiteSpace(name) || name.StartsWith("unknown_service", StringComparison.Ordinal) ? _fallbackServiceName : name;
    }
}
