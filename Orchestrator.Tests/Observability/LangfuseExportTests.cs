using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Trace;
using Orchestrator.ServiceDefaults;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.Tests.Observability;

public class LangfuseExportTests
{
    private static readonly ActivitySource Source = new(TelemetryNames.Prefix + ".Tests");

    private static IHost BuildHost(string langfuseConnectionString, bool captureContent)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:langfuse"] = langfuseConnectionString,
            ["Langfuse:CaptureContent"] = captureContent ? "true" : "false",
            ["Langfuse:Release"] = "1.2.3",
            ["Langfuse:ScheduledDelayMilliseconds"] = "50",
        });
        builder.ConfigureOpenTelemetry();
        return builder.Build();
    }

    [Fact]
    public async Task Export_SendsSpansWithBasicAuthEnvironmentAndRelease_AndNoSecretsOrContent()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        using var host = BuildHost(langfuse.ConnectionString, captureContent: false);
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        string traceId;
        using (var activity = Source.StartActivity("generation"))
        {
            traceId = activity!.TraceId.ToHexString();
            activity.SetTag("gen_ai.request.model", "test-model");
            activity.SetTag("gen_ai.usage.input_tokens", 12);
            activity.SetTag("gen_ai.input.messages", "[{\"role\":\"user\",\"content\":\"my card is 4111\"}]");
            activity.SetTag("http.request.header.authorization", "Bearer sk-secret");
        }

        await langfuse.WaitForSpansAsync(spans => spans.Any(s => s.TraceId == traceId), TimeSpan.FromSeconds(20));
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var span = Assert.Single(langfuse.Spans, s => s.TraceId == traceId);
        Assert.Equal("production", span.Attributes["langfuse.environment"]);
        Assert.Equal("1.2.3", span.Attributes["langfuse.release"]);
        Assert.Equal("test-model", span.Attributes["gen_ai.request.model"]);
        Assert.Equal("12", span.Attributes["gen_ai.usage.input_tokens"]);
        Assert.DoesNotContain("gen_ai.input.messages", span.Attributes.Keys);
        Assert.DoesNotContain(span.Attributes.Values, v => v.Contains("sk-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_WithCaptureOn_KeepsPromptText()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        using var host = BuildHost(langfuse.ConnectionString, captureContent: true);
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        string traceId;
        using (var activity = Source.StartActivity("generation"))
        {
            traceId = activity!.TraceId.ToHexString();
            activity.SetTag("gen_ai.input.messages", "hello");
        }

        await langfuse.WaitForSpansAsync(spans => spans.Any(s => s.TraceId == traceId), TimeSpan.FromSeconds(20));

        Assert.Equal("hello", Assert.Single(langfuse.Spans, s => s.TraceId == traceId).Attributes["gen_ai.input.messages"]);
    }

    [Fact]
    public async Task Export_WrongKeys_AreRejectedByLangfuse()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        using (var host = BuildHost($"Endpoint={langfuse.Endpoint};PublicKey=pk-lf-test;SecretKey=wrong", captureContent: false))
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            using (Source.StartActivity("ignored"))
            {
            }

            await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        // Disposing the host shut the tracer provider down, which flushed the queue.

        Assert.True(langfuse.RejectedCalls > 0, "the exporter must have tried, and been refused");
        Assert.Empty(langfuse.Spans);
    }

    [Fact]
    public void BoundedProcessor_LangfuseUnreachable_NeitherBlocksNorGrows()
    {
        // A port nothing listens on: every export fails after a connection refusal.
        var exporter = new OtlpTraceExporter(new OtlpExporterOptions
        {
            Endpoint = new Uri("http://127.0.0.1:9/api/public/otel/v1/traces"),
            Protocol = OtlpExportProtocol.HttpProtobuf,
            TimeoutMilliseconds = 2_000,
        });
        using var processor = new BoundedActivityExportProcessor(exporter, "langfuse", maxQueueSize: 256, maxExportBatchSize: 64, TimeSpan.FromMilliseconds(20));
        using var provider = Sdk.CreateTracerProviderBuilder().AddSource(Source.Name).AddProcessor(processor).Build();

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 50_000; i++)
        {
            using var activity = Source.StartActivity("burst");
            Assert.True(processor.QueuedCount <= 256, "the queue must stay bounded");
        }

        stopwatch.Stop();
        Assert.True(processor.DroppedCount > 40_000, $"dropped {processor.DroppedCount}");
        // 50,000 spans in well under a second each way: ending a span never waits for the network.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("Endpoint=https://cloud.langfuse.com;PublicKey=pk;SecretKey=sk", "https://cloud.langfuse.com/api/public/otel/v1/traces")]
    [InlineData("Endpoint=http://langfuse:3000/;PublicKey=pk;SecretKey=sk", "http://langfuse:3000/api/public/otel/v1/traces")]
    public void Connection_Parses(string value, string? tracesEndpoint)
    {
        Assert.Equal(tracesEndpoint, LangfuseConnection.Parse(value)?.TracesEndpoint.ToString());
    }

    [Theory]
    [InlineData("Endpoint=https://x;PublicKey=pk", "SecretKey")]
    [InlineData("Endpoint=ftp://x;PublicKey=pk;SecretKey=sk", "Endpoint")]
    public void Connection_Malformed_NamesKeyAndPart(string value, string part)
    {
        var error = Assert.Throws<InvalidOperationException>(() => LangfuseConnection.Parse(value));

        Assert.Contains("ConnectionStrings:langfuse", error.Message, StringComparison.Ordinal);
        Assert.Contains(part, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk", LangfuseConnection.Parse("Endpoint=https://x;PublicKey=pk;SecretKey=sk-very-secret")!.ToString().Replace("pk", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
