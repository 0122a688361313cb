using Microsoft.Extensions.DependencyInjection;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.Tests.Observability;

public class LangfuseScoreClientTests
{
    [Fact]
    public async Task Send_ThumbsDown_IsAScoreLinkedToTheTrace()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = new LangfuseScoreClient(services.GetRequiredService<IHttpClientFactory>(), LangfuseConnection.Parse(langfuse.ConnectionString)!);
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();

        await client.SendAsync(traceId, "user-feedback", 0, "BOOLEAN", "wrong region", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var score = Assert.Single(langfuse.Scores);
        Assert.Equal(traceId, score["traceId"]!.GetValue<string>());
        Assert.Equal(0, score["value"]!.GetValue<double>());
        Assert.Equal("BOOLEAN", score["dataType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_NotATraceId_IsRefusedBeforeAnyCall()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = new LangfuseScoreClient(services.GetRequiredService<IHttpClientFactory>(), LangfuseConnection.Parse(langfuse.ConnectionString)!);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync("not-a-trace", "user-feedback", 1, "BOOLEAN", null, CancellationToken.None));
        Assert.Empty(langfuse.Scores);
    }
}
