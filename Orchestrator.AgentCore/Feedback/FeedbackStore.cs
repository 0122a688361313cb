using Npgsql;

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

    /// <summary>Marks feedback as accepted by Langfuse.</summary>
    public async Task MarkForwardedAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE agentcore_feedback SET forwarded_at = now() WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
