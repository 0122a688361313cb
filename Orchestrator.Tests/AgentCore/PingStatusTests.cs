using Microsoft.Extensions.Time.Testing;
using Orchestrator.AgentCore.Runtime;

namespace Orchestrator.Tests.AgentCore;

public class PingStatusTests
{
    [Fact]
    public void PingStatus_TimeOfLastUpdate_MovesOnlyWhenTheStatusChanges()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_000));
        var ping = new PingStatus(clock);
        Assert.Equal(("Healthy", 1_000L), ping.Current);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(("Healthy", 1_000L), ping.Current);
        var first = ping.BeginWork();
        Assert.Equal(("HealthyBusy", 1_010L), ping.Current);

        clock.Advance(TimeSpan.FromSeconds(5));
        var second = ping.BeginWork();
        first.Dispose();
        Assert.Equal(("HealthyBusy", 1_010L), ping.Current);

        clock.Advance(TimeSpan.FromSeconds(5));
        second.Dispose();
        second.Dispose();
        Assert.Equal(("Healthy", 1_020L), ping.Current);
    }
}
