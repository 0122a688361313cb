using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.AgentCore;
using Orchestrator.AgentCore.Auth;
using Orchestrator.ServiceDefaults;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.AgentCore;

/// <summary>
/// The real AgentCore pipeline on 127.0.0.1 with a fresh database on the test PostgreSQL server
/// and a <see cref="FakeGraph"/> behind service discovery; everything it logs is captured.
/// </summary>
public sealed class AgentCoreTestHost : IAsyncDisposable
{
    private AgentCoreTestHost(WebApplication app, FakeGraph graph, CapturingLoggerProvider logs, string connectionString)
    {
        App = app;
        Graph = graph;
        Logs = logs;
        ConnectionString = connectionString;
    }

    public WebApplication App { get; }

    public FakeGraph Graph { get; }

    public CapturingLoggerProvider Logs { get; }

    public string ConnectionString { get; }

    public Uri BaseAddress => new(App.Urls.First());

    public HttpClient CreateClient(string? apiKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Starts a host in open mode (as the AppHost's local run mode configures it), on a database of its own.</summary>
    public static Task<AgentCoreTestHost> StartOpenAsync() =>
        StartAsync(new PostgresServerFixture(), new Dictionary<string, string?> { [$"{AuthOptions.SectionName}:Mode"] = nameof(AuthMode.Open) });

    /// <summary>Starts a host; <paramref name="settings"/> overrides configuration (e.g. <c>AgentCore:Auth:Mode</c>).</summary>
    public static async Task<AgentCoreTestHost> StartAsync(
        PostgresServerFixture postgres, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var connectionString = await postgres.CreateDatabaseAsync("agentcore");
        var graph = await FakeGraph.StartAsync();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = SourceDirectory(),
        });
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.OrchestratorDb}"] = connectionString,
            [$"services:{ResourceNames.Graph}:http:0"] = graph.BaseAddress.ToString(),
            ["Logging:LogLevel:Default"] = "Trace",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.AddServiceDefaults();
        builder.AddAgentCoreServices();
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseAgentCorePipeline();
        app.MapDefaultEndpoints();
        app.MapAgentCoreApis();
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch
        {
            await app.DisposeAsync();
            await graph.DisposeAsync();
            throw;
        }

        return new AgentCoreTestHost(app, graph, logs, connectionString);
    }

    /// <summary>Creates an API key the way the admin endpoint and the CLI do.</summary>
    public async Task<string> CreateApiKeyAsync(string owner) =>
        (await App.Services.GetRequiredService<Orchestrator.AgentCore.Auth.ApiKeyStore>().CreateAsync(owner, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30))).Key;

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Graph.DisposeAsync();
    }

    /// <summary>The AgentCore project folder, so the playground's wwwroot is served as in production.</summary>
    private static string SourceDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "Orchestrator.AgentCore");
            if (File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")) && Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("Orchestrator.sln not found above the test output folder.");
    }
}
