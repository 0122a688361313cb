namespace Orchestrator.Tests.AI.Fakes;

/// <summary>One fake Bedrock server per test class.</summary>
public sealed class FakeBedrockServerFixture : IAsyncLifetime
{
    public FakeBedrockServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await FakeBedrockServer.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
