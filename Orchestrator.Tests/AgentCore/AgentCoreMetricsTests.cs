using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using Orchestrator.AgentCore.Runtime;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.AgentCore;

public class AgentCoreMetricsTests(AgentCoreOpenHostFixture fixture) : IClassFixture<AgentCoreOpenHostFixture>
{
    [Fact]
    public async Task Turns_AreCountedByTheRouteChosen_AndClarifyingTurnsMarkedSo()
    {
        var measurements = new ConcurrentQueue<(string Route, bool Clarifying)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == TelemetryNames.AgentCore && instrument.Name == "orchestrator.agentcore.routes")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            measurements.Enqueue(((string)all["orchestrator.route"]!, (bool)all["orchestrator.clarifying"]!));
        });
        listener.Start();
        using var client = fixture.Host.CreateClient();

        await AskAsync(client, "What was total revenue per region last year?");
        await AskAsync(client, "And per region?");

        Assert.Contains(("analyst", false), measurements);
        Assert.Contains(measurements, m => m.Clarifying);
    }

    private static async Task AskAsync(HttpClient client, string prompt)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt }) };
        request.Headers.Add(SessionIds.Header, Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request).WaitAsync(TimeSpan.FromSeconds(30));
        response.EnsureSuccessStatusCode();
    }
}
