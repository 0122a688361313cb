using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orchestrator.AgentCore;
using Orchestrator.AgentCore.Conversation;
using Orchestrator.AgentCore.Graph;
using Orchestrator.AgentCore.Runtime;
using Orchestrator.AgentCore.Sessions;
using Orchestrator.AgentCore.Supervisor;

namespace Orchestrator.Tests.AgentCore;

/// <summary>Starting a turn: the session claim against a real database, and the prompt's embedding beside it.</summary>
public sealed class TurnRunnerTests(AgentCoreDatabase database) : IClassFixture<AgentCoreDatabase>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly NpgsqlDataSource _dataSource = database.DataSource;

    [Fact]
    public async Task StartAsync_SessionRowLockedElsewhere_EmbedsThePromptWhileTheClaimWaits()
    {
        var sessionId = "s-" + Guid.NewGuid().ToString("N");
        await using (var create = _dataSource.CreateCommand("INSERT INTO agentcore_sessions (id, owner) VALUES ($1, 'alice')"))
        {
            create.Parameters.AddWithValue(sessionId);
            await create.ExecuteNonQueryAsync().WaitAsync(Timeout);
        }

        var embeddings = new SignallingEmbeddings();
        var runner = NewRunner(embeddings);
        await using var connection = await _dataSource.OpenConnectionAsync().AsTask().WaitAsync(Timeout);
        await using var holder = await connection.BeginTransactionAsync().AsTask().WaitAsync(Timeout);
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM agentcore_sessions WHERE id = $1 FOR UPDATE", connection, holder))
        {
            lockRow.Parameters.AddWithValue(sessionId);
            await lockRow.ExecuteScalarAsync().WaitAsync(Timeout);
        }

        var start = runner.StartAsync(sessionId, "alice", "What is the total revenue?", CancellationToken.None);
        await embeddings.Embedded.Task.WaitAsync(Timeout);
        var claimWaitedForTheLock = !start.IsCompleted;
        await holder.CommitAsync().WaitAsync(Timeout);
        var turn = await start.WaitAsync(Timeout);

        Assert.True(claimWaitedForTheLock);
        Assert.NotNull(turn);
        Assert.Equal(SignallingEmbeddings.Vector, turn.Embedding.ToArray());
        Assert.Empty(turn.History);
    }

    [Fact]
    public async Task StartAsync_AnotherOwnersSession_ReturnsNullAndRemembersNothing()
    {
        var sessionId = "s-" + Guid.NewGuid().ToString("N");
        var runner = NewRunner(new SignallingEmbeddings());
        Assert.NotNull(await runner.StartAsync(sessionId, "alice", "What is the total revenue?", CancellationToken.None).WaitAsync(Timeout));

        var refused = await runner.StartAsync(sessionId, "mallory", "Show me alice's questions", CancellationToken.None).WaitAsync(Timeout);

        Assert.Null(refused);
        await using var owner = _dataSource.CreateCommand("SELECT owner FROM agentcore_sessions WHERE id = $1");
        owner.Parameters.AddWithValue(sessionId);
        Assert.Equal("alice", await owner.ExecuteScalarAsync().WaitAsync(Timeout));
    }

    private TurnRunner NewRunner(IEmbeddingGenerator<string, Embedding<float>> embeddings)
    {
        var supervisorOptions = Options.Create(new SupervisorOptions());
        return new TurnRunner(
            new SessionStore(_dataSource, TimeProvider.System),
            new AgentSupervisor(embeddings, new EmbeddingRouter(embeddings), supervisorOptions),
            new GraphClient(new HttpClient(), Options.Create(new AgentCoreOptions())),
            new PingStatus(TimeProvider.System),
            supervisorOptions,
            NullLogger<TurnRunner>.Instance);
    }

    /// <summary>Embeds on the calling thread, as the local model does, and says when it has.</summary>
    private sealed class SignallingEmbeddings : IEmbeddingGenerator<string, Embedding<float>>
    {
        public static readonly float[] Vector = [0.6f, 0.8f, 0f];

        public TaskCompletionSource Embedded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>(values.Select(_ => new Embedding<float>(Vector.ToArray())));
            Embedded.TrySetResult();
            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
