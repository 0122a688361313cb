using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.Cortex;
using Orchestrator.Cortex.Apis;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.Cortex.Conformance;

/// <summary>
/// The Cortex service built as its Program.cs builds it, on a free loopback port, with test
/// configuration: the same registrations and routes, without the AppHost around it.
/// </summary>
public sealed class CortexGatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CortexGatewayHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>A client for the gateway.</summary>
    public HttpClient Client { get; }

    /// <summary>The gateway's services.</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<CortexGatewayHost> StartAsync(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development, ApplicationName = typeof(CortexServiceExtensions).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.AddCortexServices();
        var app = builder.Build();
        app.UseOrchestratorProblemDetails();
        app.UseEmbeddingHints();
        app.MapDefaultEndpoints();
        app.MapStatementsApi();
        app.MapCortexFeatureApis();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(120));
        var address = app.Urls.First();
        return new CortexGatewayHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.DisposeAsync();
    }
}
