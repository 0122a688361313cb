using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.AgentCore.Supervisor;

namespace Orchestrator.Tests.AgentCore;

/// <summary>After start-up, a turn embeds its question and nothing else, whichever router the supervisor uses.</summary>
public class SupervisorWarmUpTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task StartAsync_OfflineRouter_EmbedsEveryRouteExampleBeforeTheFirstTurn()
    {
        var embeddings = new RecordingEmbeddings();
        var supervisor = new AgentSupervisor(embeddings, new EmbeddingRouter(embeddings), Options.Create(new SupervisorOptions()));

        await new SupervisorWarmUp(supervisor, NullLogger<SupervisorWarmUp>.Instance).StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var warmedUp = embeddings.Inputs.ToArray();
        embeddings.Inputs.Clear();
        var embedding = await supervisor.EmbedAsync("What is the total revenue?", CancellationToken.None).WaitAsync(Timeout);
        await supervisor.DecideAsync("What is the total revenue?", embedding, [], CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(AgentRoutes.Examples.Values.SelectMany(q => q).Order(), warmedUp.Order());
        Assert.Equal(["What is the total revenue?"], embeddings.Inputs);
    }

    [Fact]
    public async Task StartAsync_ModelRouter_LoadsTheEmbeddingModelWithoutRouteExamples()
    {
        var embeddings = new RecordingEmbeddings();
        var supervisor = new AgentSupervisor(embeddings, new EmbeddingRouter(embeddings), Options.Create(new SupervisorOptions()), new ChatModelRouterTests.ScriptedChatClient(
            new FunctionCallContent("c1", "route", new Dictionary<string, object?> { ["route"] = "analyst", ["confidence"] = 0.9, ["reason"] = "revenue" })));

        await new SupervisorWarmUp(supervisor, NullLogger<SupervisorWarmUp>.Instance).StartAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Single(embeddings.Inputs);
        Assert.DoesNotContain(embeddings.Inputs, AgentRoutes.Examples.Values.SelectMany(q => q).Contains);
    }

    /// <summary>Deterministic vectors from the text, and every text it was asked to embed, in order.</summary>
    private sealed class RecordingEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        public ConcurrentQueue<string> Inputs { get; } = new();

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var value in values)
            {
                Inputs.Enqueue(value);
                var vector = new float[8];
                vector[(value.Length + value[0]) % vector.Length] = 1;
                result.Add(new Embedding<float>(vector));
            }

            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
