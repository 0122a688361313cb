namespace Orchestrator.Tests.AgentCore;

/// <summary>One AgentCore host in open mode (as local run mode configures it) for a test class.</summary>
public sealed class AgentCoreOpenHostFixture : IAsyncLifetime
{
    public AgentCoreTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Host = await AgentCoreTestHost.StartOpenAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
