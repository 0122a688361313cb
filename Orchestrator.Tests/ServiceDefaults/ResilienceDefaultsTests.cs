using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.ServiceDefaults;
using Orchestrator.Tests.AI.Fakes;
using Polly.CircuitBreaker;

namespace Orchestrator.Tests.ServiceDefaults;

/// <summary>The resilience every service's HTTP clients get from the service defaults.</summary>
public class ResilienceDefaultsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Clients_OneDependencyDown_OpensOnlyItsOwnCircuit()
    {
        await using var failing = await LoopbackWebApp.StartAsync(app => app.MapGet("/", () => Results.StatusCode(503))).WaitAsync(Timeout);
        await using var healthy = await LoopbackWebApp.StartAsync(app => app.MapGet("/", () => "ok")).WaitAsync(Timeout);
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        builder.Services.AddHttpClient("langfuse", http => http.BaseAddress = Address(failing));
        builder.Services.AddHttpClient("cortex", http => http.BaseAddress = Address(healthy));
        using var host = builder.Build();
        var clients = host.Services.GetRequiredService<IHttpClientFactory>();
        var down = clients.CreateClient("langfuse");

        // Enough failed calls (each retried) for the breaker's minimum throughput and failure ratio.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 60).Select(async _ =>
        {
            try
            {
                using var response = await down.GetAsync("/");
                return response.StatusCode.ToString();
            }
            catch (BrokenCircuitException)
            {
                return "broken";
            }
        })).WaitAsync(Timeout);
        using var other = await clients.CreateClient("cortex").GetAsync("/").WaitAsync(Timeout);

        Assert.Contains("broken", outcomes);
        Assert.Equal("ok", await other.Content.ReadAsStringAsync());
    }

    private static Uri Address(WebApplication app) => new(app.Urls.First());
}
