using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.Observability;

public class ModelCostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ModelCall_WithAPriceTable_CarriesItsCostToLangfuse_AndUnpricedModelsNone()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        using var host = BuildHost(langfuse.ConnectionString, new Dictionary<string, string?>
        {
            ["Orchestrator:Telemetry:ModelPrices:0:Model"] = "anthropic.claude-3-haiku-20240307-v1:0",
            ["Orchestrator:Telemetry:ModelPrices:0:InputPerMillion"] = "0.25",
            ["Orchestrator:Telemetry:ModelPrices:0:OutputPerMillion"] = "1.25",
        });
        await host.StartAsync().WaitAsync(Timeout);
        using var priced = Chat("anthropic.claude-3-haiku-20240307-v1:0");
        using var unpriced = Chat("some-other-model");

        var pricedTrace = await CallAsync(priced);
        var unpricedTrace = await CallAsync(unpriced);
        await langfuse.WaitForSpansAsync(spans => spans.Any(s => s.TraceId == pricedTrace) && spans.Any(s => s.TraceId == unpricedTrace), Timeout);
        await host.StopAsync().WaitAsync(Timeout);

        // 1,200 input tokens at $0.25/M and 300 output tokens at $1.25/M.
        var span = Assert.Single(langfuse.Spans, s => s.TraceId == pricedTrace && s.Attributes.ContainsKey("gen_ai.usage.input_tokens"));
        Assert.Equal(0.000675, double.Parse(span.Attributes["gen_ai.usage.cost"], System.Globalization.CultureInfo.InvariantCulture), 9);
        var details = JsonNode.Parse(span.Attributes["langfuse.observation.cost_details"])!;
        Assert.Equal((0.0003m, 0.000375m, 0.000675m), (details["input"]!.GetValue<decimal>(), details["output"]!.GetValue<decimal>(), details["total"]!.GetValue<decimal>()));
        var other = Assert.Single(langfuse.Spans, s => s.TraceId == unpricedTrace && s.Attributes.ContainsKey("gen_ai.usage.input_tokens"));
        Assert.DoesNotContain("gen_ai.usage.cost", other.Attributes.Keys);
    }

    [Fact]
    public void PriceTable_WithoutAModel_FailsAtStartNamingTheKey()
    {
        var failure = Assert.Throws<ValidationException>(() => BuildHost(null, new Dictionary<string, string?>
        {
            ["Orchestrator:Telemetry:ModelPrices:0:InputPerMillion"] = "1",
        }).Dispose());

        Assert.Contains("Orchestrator:Telemetry:ModelPrices:N:Model", failure.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(string? langfuse, Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:langfuse"] = langfuse,
            ["Langfuse:ScheduledDelayMilliseconds"] = "50",
        });
        builder.ConfigureOpenTelemetry();
        return builder.Build();
    }

    private static IChatClient Chat(string model) =>
        new FixedUsageChatClient(model).AsBuilder().UseOpenTelemetry(sourceName: TelemetryNames.AI).Build();

    private static async Task<string> CallAsync(IChatClient chat)
    {
        // A sampled parent, so the model call's span (parent-based sampling) is recorded and exported.
        using var parent = new System.Diagnostics.Activity("cost-test") { ActivityTraceFlags = System.Diagnostics.ActivityTraceFlags.Recorded }.Start();
        await chat.GetResponseAsync("How much revenue?").WaitAsync(Timeout);
        return parent.TraceId.ToHexString();
    }

    /// <summary>A model that always answers with the same usage, standing in for Bedrock at the boundary.</summary>
    private sealed class FixedUsageChatClient(string model) : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "42"))
            {
                ModelId = model,
                Usage = new UsageDetails { InputTokenCount = 1200, OutputTokenCount = 300, TotalTokenCount = 1500 },
            });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("test", null, model) : null;

        public void Dispose()
        {
        }
    }
}
