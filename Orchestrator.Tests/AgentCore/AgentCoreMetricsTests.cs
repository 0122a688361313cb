using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
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

        using var analyst = await InvocationsContractTests.PostAsync(client, InvocationsContractTests.NewSession(), new { prompt = "What was total revenue per region last year?" });
        using var clarifying = await InvocationsContractTests.PostAsync(client, InvocationsContractTests.NewSession(), new { prompt = "And per region?" });

        analyst.EnsureSuccessStatusCode();
        clarifying.EnsureSuccessStatusCode();

        Assert.Contains(("analyst", false), measurements);
        Assert.Contains(measurements, m => m.Clarifying);
    }
}
