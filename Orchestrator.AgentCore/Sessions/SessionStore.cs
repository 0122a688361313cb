using Npgsql;

namespace Orchestrator.AgentCore.Sessions;

/// <summary>
/// Sessions and their messages in <c>orchestrator-db</c>. Every query is scoped by owner, so a
/// caller can neither read nor learn about another owner's session: it looks absent.
/// </summary>
public sealed class SessionStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>
    /// Creates the session for <paramref name="owner"/> or marks it active again.
    /// </summary>
    /// <returns>False when the id belongs to another owner.</returns>
    public async Task<bool> TouchAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TouchSql);
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// <see cref="TouchAsync"/> and <see cref="HistoryAsync"/> in one round trip, as every turn needs both.
    /// </summary>
    /// <returns>Null when the id belongs to another owner; otherwise the last <paramref name="window"/> messages, oldest first.</returns>
    public async Task<IReadOnlyList<SessionMessage>?> TouchAndReadHistoryAsync(string sessionId, string owner, int window, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command(TouchSql, sessionId, owner, clock.GetUtcNow()));
        batch.BatchCommands.Add(Command(HistorySql, sessionId, owner, window));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        await reader.NextResultAsync(cancellationToken);
        return await ReadMessagesAsync(reader, cancellationToken);
    }

    /// <summary>The last <paramref name="window"/> messages of the session, oldest first.</summary>
    public async Task<IReadOnlyList<SessionMessage>> HistoryAsync(string sessionId, string owner, int window, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(HistorySql);
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(window);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadMessagesAsync(reader, cancellationToken);
    }

    // The session is the owner's (created or touched), or nothing is returned.
    private const string TouchSql =
        """
        INSERT INTO agentcore_sessions (id, owner, created_at, last_active_at) VALUES ($1, $2, $3, $3)
        ON CONFLICT (id) DO UPDATE SET last_active_at = EXCLUDED.last_active_at
        WHERE agentcore_sessions.owner = EXCLUDED.owner
        RETURNING id
        """;

    // The owner filter keeps another owner's messages out even when the touch above refused the session.
    private const string HistorySql =
        """
        SELECT role, content, route, created_at FROM (
            SELECT id, role, content, route, created_at FROM agentcore_messages
            WHERE session_id = $1 AND owner = $2 ORDER BY id DESC LIMIT $3) recent
        ORDER BY id
        """;

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    private static async Task<List<SessionMessage>> ReadMessagesAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var messages = new List<SessionMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new SessionMessage(
                reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return messages;
    }

    /// <summary>Appends one turn: the user's prompt and the assistant's answer (with the trace that produced it), in one round trip.</summary>
    /// <returns>The ids of the two messages, for <see cref="RemoveMessagesAsync"/>.</returns>
    public async Task<long[]> AppendTurnAsync(string sessionId, string owner, string prompt, string answer, string? route, string? traceId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO agentcore_messages (session_id, owner, role, content, route, created_at, trace_id)
            VALUES ($1, $2, 'user', $3, $5, $6, NULL), ($1, $2, 'assistant', $4, $5, $6, $7)
            RETURNING id
            """);
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(prompt);
        command.Parameters.AddWithValue(answer);
        command.Parameters.AddWithValue(route is null ? DBNull.Value : route);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        command.Parameters.AddWithValue(traceId is null ? DBNull.Value : traceId);
        var ids = new List<long>(2);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }

    /// <summary>Removes messages <see cref="AppendTurnAsync"/> added, for a turn that failed after it was remembered.</summary>
    public async Task RemoveMessagesAsync(string sessionId, long[] ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM agentcore_messages WHERE session_id = $1 AND id = ANY($2)");
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(ids);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The owner's sessions, most recently active first.</summary>
    public async Task<IReadOnlyList<SessionSummary>> ListAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT s.id, s.created_at, s.last_active_at, (SELECT count(*) FROM agentcore_messages m WHERE m.session_id = s.id)
            FROM agentcore_sessions s WHERE s.owner = $1 ORDER BY s.last_active_at DESC LIMIT $2
            """);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<SessionSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(new SessionSummary(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt64(3)));
        }

        return sessions;
    }

    /// <summary>True when the session exists and belongs to <paramref name="owner"/>.</summary>
    public async Task<bool> ExistsAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1 FROM agentcore_sessions WHERE id = $1 AND owner = $2");
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(owner);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Deletes the owner's session and its messages.</summary>
    /// <returns>False when no such session belongs to <paramref name="owner"/>.</returns>
    public async Task<bool> DeleteAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM agentcore_sessions WHERE id = $1 AND owner = $2");
        command.Parameters.AddWithValue(sessionId);
        command.Parameters.AddWithValue(owner);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
