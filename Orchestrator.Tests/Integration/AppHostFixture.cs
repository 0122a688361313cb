using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ServiceDefaults;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Integration;

/// <summary>
/// Starts the real AppHost once for the integration collection: a throwaway PostgreSQL cluster,
/// the three services over real HTTP, every service exporting its traces to a test OTLP
/// receiver (the dashboard's role) and to a fake Langfuse configured as the external Langfuse,
/// as a user would set it. The resources' own logs are kept, so a failed start says why.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(100);

    /// <summary>Graph asks for approval before running SQL that matches this: only the verified query of revenue per product category.</summary>
    public const string CategorySqlPattern = @"\bp\.category\b";
    private readonly ConcurrentQueue<string> _resourceLogs = new();

    public DistributedApplication App { get; private set; } = null!;

    public OtlpTraceReceiver Traces { get; private set; } = null!;

    public Observability.FakeLangfuse Langfuse { get; private set; } = null!;

    /// <summary>Every line the resources logged so far, prefixed with the resource name.</summary>
    public string ResourceLogs => string.Join('\n', _resourceLogs);

    public HttpClient CreateClient(string resourceName) => App.CreateHttpClient(resourceName);

    public async Task InitializeAsync()
    {
        Traces = await OtlpTraceReceiver.StartAsync();
        Langfuse = await Observability.FakeLangfuse.StartAsync();
        // A second attempt on a fresh cluster: the free port picked for PostgreSQL can be taken by a
        // parallel test between the pick and the server's bind, and then the start never completes.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartAppAsync();
                return;
            }
            catch (TimeoutException) when (attempt < 2)
            {
                await App.DisposeAsync();
            }
        }
    }

    private async Task StartAppAsync()
    {
        using var cts = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Orchestrator_AppHost>(
            [
                "--Orchestrator:Postgres:Persistent=false",
                "--Orchestrator:AgentCore:Port=0",
                "--DcpPublisher:WaitForResourceCleanup=false",
                $"--Parameters:{ResourceNames.Langfuse}-host={Langfuse.Endpoint}",
                $"--Parameters:{ResourceNames.Langfuse}-public-key={Observability.FakeLangfuse.PublicKey}",
                $"--Parameters:{ResourceNames.Langfuse}-secret-key={Observability.FakeLangfuse.SecretKey}",
            ],
            (options, _) => options.DisableDashboard = true,
            cts.Token);

        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", Traces.Endpoint)
                .WithEnvironment("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
                .WithEnvironment("OTEL_BSP_SCHEDULE_DELAY", "200")
                .WithEnvironment("Langfuse__ScheduledDelayMilliseconds", "200");
        }

        // SQL approval for the one verified query that reads product categories (the approval test asks it); every other
        // question's SQL runs without asking.
        builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(p => p.Name == ResourceNames.Graph))
            .WithEnvironment("Graph__Workflow__SqlApproval", "WhenExpensive")
            .WithEnvironment("Graph__Workflow__ExpensiveSqlPatterns__0", CategorySqlPattern);

        App = await builder.BuildAsync(cts.Token);
        _ = CollectLogsAsync(App, cts.Token);
        try
        {
            await App.StartAsync(cts.Token);
            await App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.AgentCore, cts.Token);
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException($"The AppHost did not become healthy within {StartTimeout}. Resource logs:\n{ResourceLogs}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Traces.DisposeAsync();
        await Langfuse.DisposeAsync();
    }

    private async Task CollectLogsAsync(DistributedApplication app, CancellationToken startToken)
    {
        var loggers = app.Services.GetRequiredService<ResourceLoggerService>();
        var names = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r => r.Name).ToList();
        await Task.WhenAll(names.Select(async name =>
        {
            try
            {
                await foreach (var batch in loggers.WatchAsync(name))
                {
                    foreach (var line in batch)
                    {
                        _resourceLogs.Enqueue($"[{name}] {line.Content}");
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }));
        _ = startToken;
    }
}

[CollectionDefinition(Name)]
public sealed class AppHostTestGroup : ICollectionFixture<AppHostFixture>
{
    public const string Name = "apphost";
}
