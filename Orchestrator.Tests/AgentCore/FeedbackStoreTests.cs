using Npgsql;
using Orchestrator.AgentCore.Feedback;

namespace Orchestrator.Tests.AgentCore;

/// <summary>What the background forwarder is given to send: unforwarded feedback, oldest first, not what failed for good.</summary>
public sealed class FeedbackStoreTests(AgentCoreDatabase database) : IClassFixture<AgentCoreDatabase>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly NpgsqlDataSource _dataSource = database.DataSource;

    [Fact]
    public async Task ListUnforwarded_LeavesOutForwardedAndExhaustedRows_OldestFirst()
    {
        await ExecuteAsync("INSERT INTO agentcore_sessions (id, owner) VALUES ('s1', 'alice')");
        var forwarded = await AddAsync(attempts: 0, forwarded: true);
        var exhausted = await AddAsync(attempts: FeedbackForwarder.MaxAttempts, forwarded: false);
        var older = await AddAsync(attempts: FeedbackForwarder.MaxAttempts - 1, forwarded: false);
        var newer = await AddAsync(attempts: 0, forwarded: false);
        var store = new FeedbackStore(_dataSource);

        var pending = await store.ListUnforwardedAsync(10, FeedbackForwarder.MaxAttempts, CancellationToken.None).WaitAsync(Timeout);
        await store.MarkAttemptFailedAsync(older, CancellationToken.None).WaitAsync(Timeout);
        var afterOneMoreFailure = await store.ListUnforwardedAsync(10, FeedbackForwarder.MaxAttempts, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal([older, newer], pending.Select(p => p.Id));
        Assert.DoesNotContain(forwarded, pending.Select(p => p.Id));
        Assert.DoesNotContain(exhausted, pending.Select(p => p.Id));
        Assert.Equal([newer], afterOneMoreFailure.Select(p => p.Id));
        Assert.Equal(new PendingFeedback(newer, "0123456789abcdef0123456789abcdef", false, "slow"), pending[1]);
    }

    private async Task<long> AddAsync(int attempts, bool forwarded)
    {
        await using var command = _dataSource.CreateCommand(
            """
            INSERT INTO agentcore_feedback (session_id, owner, trace_id, positive, comment, forward_attempts, forwarded_at)
            VALUES ('s1', 'alice', '0123456789abcdef0123456789abcdef', false, 'slow', $1, CASE WHEN $2 THEN now() END)
            RETURNING id
            """);
        command.Parameters.AddWithValue(attempts);
        command.Parameters.AddWithValue(forwarded);
        return (long)(await command.ExecuteScalarAsync().WaitAsync(Timeout))!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync().WaitAsync(Timeout);
    }
}
