using Npgsql;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.AgentCore.Feedback;

/// <summary>User feedback on answers, in <c>orchestrator-db</c>: kept first, then marked once forwarded to Langfuse.</summary>
public sealed class FeedbackStore(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Records feedback on the answer of <paramref name="traceId"/> in one of <paramref name="owner"/>'s sessions.
    /// </summary>
    /// <returns>The feedback's id, or null when no answer of that session (owned by that owner) has that trace.</returns>
    public async Task<long?> AddAsync(string sessionId, string owner, string traceId, bool positive, string? comment, CancellationToken cancellationToken)
    {
        // One statement: the ownership check and the insert cannot be split by a concurrent delete.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO agentcore_feedback (session_id, owner, trace_id, positive, comment)
            SELECT m.session_id, m.owner, m.trace_id, $4, $5
            FROM agentcore_messages m
            WHERE m.session_id = $1 AND m.owner = $2 AND m.trace_id = $3 AND m.role = 'assistant'
            LIMIT 1
            RETURNING id
            """);
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(traceId);
        command.Parameters.AddWithValue(positive);
        command.Parameters.AddWithValue(comment is null ? DBNull.Value : comment);
        return await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;
    }

    /// <summary>
    /// The oldest feedback Langfuse does not have yet, at most <paramref name="limit"/> rows, leaving out rows that
    /// failed <paramref name="maxAttempts"/> times already.
    /// </summary>
    public async Task<IReadOnlyList<PendingFeedback>> ListUnforwardedAsync(int limit, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT id, trace_id, positive, comment FROM agentcore_feedback
            WHERE forwarded_at IS NULL AND forward_attempts < $1
            ORDER BY id
            LIMIT $2
            """);
        command.Parameters.AddWithValue(maxAttempts);
        command.Parameters.AddWithValue(limit);
        var pending = new List<PendingFeedback>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            pending.Add(new PendingFeedback(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2), reader.IsDBNull(3) ? null : reader.GetString(3)));
        }

        return pending;
    }

    /// <summary>Counts a failed attempt to send feedback to Langfuse.</summary>
    public async Task MarkAttemptFailedAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE agentcore_feedback SET forward_attempts = forward_attempts + 1 WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Marks feedback as accepted by Langfuse.</summary>
    public async Task MarkForwardedAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE agentcore_feedback SET forwarded_at = now() WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Feedback still to be sent to Langfuse.</summary>
public sealed record PendingFeedback(long Id, string TraceId, bool Positive, string? Comment)
{
    /// <summary>The Langfuse score it becomes. Its id is the row's, so sending it again (a retry, another replica) keeps one score.</summary>
    public LangfuseScore ToScore() => LangfuseScore.Thumb($"agentcore-feedback-{Id}", TraceId, ScoreName, Positive, Comment);

    /// <summary>The Langfuse score name of user feedback.</summary>
    public const string ScoreName = "user-feedback";
}
