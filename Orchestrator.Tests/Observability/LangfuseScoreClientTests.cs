using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.Tests.Observability;

public class LangfuseScoreClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Send_ThumbsDown_IsAScoreLinkedToTheTraceAndObservation()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = Client(services, langfuse.ConnectionString);
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();

        await client.SendAsync(LangfuseScore.Thumb("fb-1", traceId, "user-feedback", false, "wrong region", "00f067aa0ba902b7"), CancellationToken.None).WaitAsync(Timeout);

        var score = Assert.Single(langfuse.Scores);
        Assert.Equal(traceId, score["traceId"]!.GetValue<string>());
        Assert.Equal("fb-1", score["id"]!.GetValue<string>());
        Assert.Equal("00f067aa0ba902b7", score["observationId"]!.GetValue<string>());
        Assert.Equal(0, score["value"]!.GetValue<double>());
        Assert.Equal("BOOLEAN", score["dataType"]!.GetValue<string>());
        Assert.Equal("wrong region", score["comment"]!.GetValue<string>());
    }

    [Fact]
    public async Task Send_NotATraceId_IsRefusedBeforeAnyCall()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var client = Client(services, langfuse.ConnectionString);

        await Assert.ThrowsAsync<ArgumentException>(() => client.SendAsync(LangfuseScore.Thumb("fb-2", "not-a-trace", "user-feedback", true, null), CancellationToken.None));
        Assert.Empty(langfuse.Scores);
    }

    [Fact]
    public async Task TrySend_LangfuseDownOrKeysWrong_ReturnsFalseWithoutThrowing()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        var wrongKeys = Client(services, langfuse.ConnectionString.Replace(FakeLangfuse.SecretKey, "sk-lf-wrong", StringComparison.Ordinal));
        var unreachable = Client(services, "Endpoint=http://127.0.0.1:9;PublicKey=pk;SecretKey=sk");

        var refused = await wrongKeys.TrySendAsync(LangfuseScore.Thumb("fb-3", traceId, "user-feedback", true, null), CancellationToken.None).WaitAsync(Timeout);
        var down = await unreachable.TrySendAsync(LangfuseScore.Thumb("fb-4", traceId, "user-feedback", true, null), CancellationToken.None).WaitAsync(Timeout);

        Assert.False(refused);
        Assert.False(down);
        Assert.Empty(langfuse.Scores);
        Assert.True(langfuse.RejectedCalls > 0);
    }

    private static LangfuseScoreClient Client(ServiceProvider services, string connectionString) =>
        new(services.GetRequiredService<IHttpClientFactory>(), LangfuseConnection.Parse(connectionString)!, NullLogger<LangfuseScoreClient>.Instance);
}
