using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Orchestrator.ServiceDefaults;
using Orchestrator.ServiceDefaults.Telemetry.Emf;

namespace Orchestrator.Tests.ServiceDefaults;

/// <summary>
/// The instruments the services really have — ASP.NET Core's request duration and Microsoft.Extensions.AI's
/// GenAI metrics — through the EMF export, so the dimension allowlist is checked against their real attributes.
/// </summary>
public sealed class EmfRealInstrumentsTests
{
    [Fact]
    public async Task HttpServerRequestDuration_RealKestrelRequests_RouteMethodAndStatusClassAsDimensions()
    {
        // A route no other test serves: other apps in this process feed the same ASP.NET Core meter.
        var prefix = "/emf-probe-" + Guid.NewGuid().ToString("N")[..8];
        using var output = new StringWriter();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "agentcore" });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{EmfExportOptions.SectionName}:Enabled"] = "true" });
        builder.Services.AddKeyedSingleton<TextWriter>(EmfExportExtensions.OutputServiceKey, output);
        builder.ConfigureOpenTelemetry();
        await using var app = builder.Build();
        app.MapGet(prefix + "/{id}", (string id) => id == "missing" ? Results.NotFound() : Results.Ok(id));
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        foreach (var id in new[] { "session-1", "session-2", "missing" })
        {
            using var response = await http.GetAsync(new Uri($"{prefix}/{id}", UriKind.Relative)).WaitAsync(TimeSpan.FromSeconds(30));
        }

        // Stopping waits for the requests to finish, so each has recorded its duration (after the client saw the response).
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(app.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000));

        var route = prefix + "/{id}";
        var documents = Documents(output).Where(d => d.TryGetProperty("http.route", out var r) && r.GetString() == route).ToList();
        var byStatus = documents.ToDictionary(d => d.GetProperty("http.response.status_class").GetString()!);
        Assert.Equal(["2xx", "4xx"], byStatus.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, byStatus["2xx"].GetProperty("http.server.request.duration").GetProperty("Count").GetInt64());
        Assert.Equal(1, byStatus["4xx"].GetProperty("http.server.request.duration").GetProperty("Count").GetInt64());
        Assert.All(documents, d =>
        {
            Assert.Equal("agentcore", d.GetProperty("Service").GetString());
            Assert.Equal("GET", d.GetProperty("http.request.method").GetString());
            Assert.Equal(
                ["Service", "http.request.method", "http.response.status_class", "http.route"],
                d.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Dimensions")[0].EnumerateArray().Select(e => e.GetString()));
        });
        Assert.DoesNotContain("session-1", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenAiMetrics_ChatClientWithOpenTelemetry_TokensByTypeAndFailuresByErrorType()
    {
        var source = "Orchestrator.Tests.GenAi." + Guid.NewGuid().ToString("N");
        using var output = new StringWriter();
        using var provider = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService("graph"))
            .AddMeter(source)
            .AddReader(EmfExportExtensions.CreateReader(new EmfExportOptions(), output, "fallback"))
            .Build()!;
        using var chat = new UsageChatClient().AsBuilder().UseOpenTelemetry(sourceName: source).Build();
        var options = new ChatOptions { ModelId = "anthropic.claude-3-5-haiku-20241022-v1:0" };

        await chat.GetResponseAsync("What is the total revenue?", options).WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<TimeoutException>(() => chat.GetResponseAsync("fail", options).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(provider.ForceFlush(10_000));

        var documents = Documents(output);
        Assert.All(documents, d => Assert.Equal("anthropic.claude-3-5-haiku-20241022-v1:0", d.GetProperty("gen_ai.request.model").GetString()));
        var tokens = documents.Where(d => d.TryGetProperty("gen_ai.client.token.usage", out _))
            .ToDictionary(d => d.GetProperty("gen_ai.token.type").GetString()!, d => d.GetProperty("gen_ai.client.token.usage").GetProperty("Sum").GetDouble());
        Assert.Equal(12, tokens["input"]);
        Assert.Equal(30, tokens["output"]);
        var failed = Assert.Single(documents, d => d.TryGetProperty("error.type", out _));
        Assert.Equal(typeof(TimeoutException).FullName, failed.GetProperty("error.type").GetString());
        Assert.Equal(1, failed.GetProperty("gen_ai.client.operation.duration").GetProperty("Count").GetInt64());
        Assert.Contains(documents, d => !d.TryGetProperty("error.type", out _) && d.TryGetProperty("gen_ai.client.operation.duration", out _));
        Assert.DoesNotContain("total revenue", output.ToString(), StringComparison.Ordinal);
    }

    private static List<JsonElement> Documents(StringWriter output) =>
        [.. output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];

    /// <summary>Answers with token usage; a prompt of "fail" times out, as a throttled model call would end.</summary>
    private sealed class UsageChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            messages.Last().Text == "fail"
                ? throw new TimeoutException("The model did not answer in time.")
                : Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "42"))
                {
                    ModelId = options?.ModelId,
                    Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 30, TotalTokenCount = 42 },
                });

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Only non-streaming calls are measured here.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
