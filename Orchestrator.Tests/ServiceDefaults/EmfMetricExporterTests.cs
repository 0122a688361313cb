using System.Diagnostics.Metrics;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orchestrator.ServiceDefaults.Telemetry.Emf;

namespace Orchestrator.Tests.ServiceDefaults;

/// <summary>Real instruments through a real MeterProvider into the EMF exporter, the output parsed back.</summary>
public sealed class EmfMetricExporterTests : IDisposable
{
    // A meter of the orchestrator's family, unique per test so parallel tests never see its measurements.
    private readonly Meter _meter = new("Orchestrator.Tests.Emf." + Guid.NewGuid().ToString("N"));
    private readonly StringWriter _output = new();

    public void Dispose()
    {
        _meter.Dispose();
        _output.Dispose();
    }

    [Fact]
    public void Export_CounterAndHistogram_WritesEmfDocumentWithUnitsDimensionsAndTimestamp()
    {
        using var provider = Provider();
        var requests = _meter.CreateCounter<long>("orchestrator.test.requests", "{request}");
        var duration = _meter.CreateHistogram<double>("orchestrator.test.duration", "s");
        KeyValuePair<string, object?>[] tags = [new("route", "analyst"), new("langfuse.session.id", "session-42"), new("enduser.id", "alice")];
        requests.Add(3, tags);
        duration.Record(0.5, tags);
        duration.Record(1.5, tags);
        var before = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds();

        Assert.True(provider.ForceFlush(10_000));

        using var document = Assert.Single(Documents());
        var root = document.RootElement;
        var aws = root.GetProperty("_aws");
        var timestamp = aws.GetProperty("Timestamp").GetInt64();
        Assert.InRange(timestamp, before, DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds());
        var directive = Assert.Single(aws.GetProperty("CloudWatchMetrics").EnumerateArray());
        Assert.Equal("TestNamespace", directive.GetProperty("Namespace").GetString());
        var dimensionSet = Assert.Single(directive.GetProperty("Dimensions").EnumerateArray());
        Assert.Equal(["Service", "route"], dimensionSet.EnumerateArray().Select(d => d.GetString()));
        var metrics = directive.GetProperty("Metrics").EnumerateArray()
            .ToDictionary(m => m.GetProperty("Name").GetString()!, m => m.GetProperty("Unit").GetString());
        Assert.Equal("Count", metrics["orchestrator.test.requests"]);
        Assert.Equal("Seconds", metrics["orchestrator.test.duration"]);

        Assert.Equal("graph", root.GetProperty("Service").GetString());
        Assert.Equal("analyst", root.GetProperty("route").GetString());
        Assert.Equal(3, root.GetProperty("orchestrator.test.requests").GetDouble());
        var statistics = root.GetProperty("orchestrator.test.duration");
        Assert.Equal(0.5, statistics.GetProperty("Min").GetDouble());
        Assert.Equal(1.5, statistics.GetProperty("Max").GetDouble());
        Assert.Equal(2.0, statistics.GetProperty("Sum").GetDouble());
        Assert.Equal(2, statistics.GetProperty("Count").GetInt64());

        // High-cardinality identities are neither dimensions nor members.
        Assert.False(root.TryGetProperty("langfuse.session.id", out _));
        Assert.False(root.TryGetProperty("enduser.id", out _));
        Assert.DoesNotContain("session-42", _output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("alice", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_CounterAcrossTwoCollections_WritesTheDeltaOfEach()
    {
        using var provider = Provider();
        var steps = _meter.CreateCounter<long>("orchestrator.test.steps", "{step}");

        steps.Add(5);
        Assert.True(provider.ForceFlush(10_000));
        steps.Add(2);
        steps.Add(1);
        Assert.True(provider.ForceFlush(10_000));

        var values = Documents().Select(d => { using (d) { return d.RootElement.GetProperty("orchestrator.test.steps").GetDouble(); } }).ToList();
        Assert.Equal([5d, 3d], values);
    }

    [Fact]
    public void Export_MoreThanAHundredMetrics_SplitsIntoDocumentsOfAtMostAHundred()
    {
        using var provider = Provider();
        for (var i = 0; i < 150; i++)
        {
            _meter.CreateCounter<long>($"orchestrator.test.counter{i:000}").Add(i + 1, new KeyValuePair<string, object?>("outcome", "success"));
        }

        Assert.True(provider.ForceFlush(10_000));

        var documents = Documents();
        Assert.Equal(2, documents.Count);
        var names = new List<string>();
        foreach (var document in documents)
        {
            using (document)
            {
                var declared = document.RootElement.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics")
                    .EnumerateArray().Select(m => m.GetProperty("Name").GetString()!).ToList();
                Assert.InRange(declared.Count, 1, EmfMetricExporter.MaxMetricsPerDocument);
                Assert.All(declared, name => Assert.True(document.RootElement.TryGetProperty(name, out _), $"{name} has no value member."));
                Assert.Equal("success", document.RootElement.GetProperty("outcome").GetString());
                names.AddRange(declared);
            }
        }

        Assert.Equal(150, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Export_StandardInstrumentOfAnotherMeter_KeptWithStatusClassAndRouteWhileOthersDropped()
    {
        using var aspNetLike = new Meter("Tests.Emf.Standard." + Guid.NewGuid().ToString("N"));
        using var provider = Provider(aspNetLike.Name);
        var duration = aspNetLike.CreateHistogram<double>("http.server.request.duration", "s");
        var unrelated = aspNetLike.CreateCounter<long>("kestrel.connections");
        duration.Record(0.1, new("http.route", "/invocations"), new("http.request.method", "POST"), new("http.response.status_code", 200), new("url.path", "/invocations?key=secret"));
        duration.Record(0.3, new("http.route", "/invocations"), new("http.request.method", "POST"), new("http.response.status_code", 204), new("url.path", "/invocations"));
        unrelated.Add(1);

        Assert.True(provider.ForceFlush(10_000));

        using var document = Assert.Single(Documents());
        var root = document.RootElement;
        Assert.Equal("2xx", root.GetProperty("http.response.status_class").GetString());
        Assert.Equal("/invocations", root.GetProperty("http.route").GetString());
        Assert.False(root.TryGetProperty("http.response.status_code", out _));
        Assert.False(root.TryGetProperty("url.path", out _));
        Assert.False(root.TryGetProperty("kestrel.connections", out _));
        // 200 and 204 are one 2xx data point: their statistic sets are merged.
        Assert.Equal(2, root.GetProperty("http.server.request.duration").GetProperty("Count").GetInt64());
        Assert.Equal(0.3, root.GetProperty("http.server.request.duration").GetProperty("Max").GetDouble());
        var dimensions = root.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0].EnumerateArray().Select(d => d.GetString()).ToList();
        Assert.Equal(["Service", "http.request.method", "http.response.status_class", "http.route"], dimensions);
    }

    [Fact]
    public void Export_GaugeReadingsSharingDimensions_WrittenAsAnArrayOfValues()
    {
        using var provider = Provider();
        // Two threads' readings differ only by an attribute that is not a dimension: both values are kept.
        _meter.CreateObservableGauge("orchestrator.test.queue_depth", () => new[]
        {
            new Measurement<long>(4, new("outcome", "waiting"), new("orchestrator.graph.thread_id", "t-1")),
            new Measurement<long>(6, new("outcome", "waiting"), new("orchestrator.graph.thread_id", "t-2")),
        }, "{run}");

        Assert.True(provider.ForceFlush(10_000));

        using var document = Assert.Single(Documents());
        var values = document.RootElement.GetProperty("orchestrator.test.queue_depth").EnumerateArray().Select(v => v.GetDouble()).Order();
        Assert.Equal([4d, 6d], values);
        Assert.DoesNotContain("t-1", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_NothingRecorded_WritesNothing()
    {
        using var provider = Provider();
        _meter.CreateHistogram<double>("orchestrator.test.idle", "ms");

        Assert.True(provider.ForceFlush(10_000));

        Assert.Empty(_output.ToString());
    }

    [Fact]
    public void DimensionAttributes_WithService_FitOneEmfDimensionSet() =>
        Assert.True(EmfSelection.DimensionAttributes.Count + 1 <= EmfMetricExporter.MaxDimensionsPerSet);

    [Theory]
    [InlineData("s", "Seconds")]
    [InlineData("ms", "Milliseconds")]
    [InlineData("By", "Bytes")]
    [InlineData("{token}", "Count")]
    [InlineData("1", "None")]
    [InlineData("furlong", "None")]
    public void Units_OpenTelemetryUnit_MapsToCloudWatchUnit(string unit, string expected) => Assert.Equal(expected, EmfUnits.From(unit));

    private MeterProvider Provider(string? meter = null) =>
        Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("graph"))
            .AddMeter(meter ?? _meter.Name)
            .AddReader(EmfExportExtensions.CreateReader(
                new EmfExportOptions { Namespace = "TestNamespace", ExportIntervalMilliseconds = 3_600_000 }, _output, "fallback"))
            .Build()!;

    private List<JsonDocument> Documents()
    {
        var lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => Assert.StartsWith("{\"_aws\":", line, StringComparison.Ordinal));
        return [.. lines.Select(line => JsonDocument.Parse(line))];
    }
}
