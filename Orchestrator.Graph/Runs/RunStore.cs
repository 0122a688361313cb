using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.Graph.Persistence;

namespace Orchestrator.Graph.Runs;

/// <summary>Threads and runs in PostgreSQL (migrations 0001 and 0002).</summary>
/// <param name="dataSource">The graph database.</param>
/// <param name="checkpointer">
/// The workflows' checkpointer. When it is the PostgreSQL one, a run created running gets its thread's latest checkpoint
/// from the batch that creates it, and its exit checkpoint is saved in the batch that records its end; any other keeps
/// its checkpoints elsewhere, and the run reads and saves them itself.
/// </param>
public sealed partial class RunStore(NpgsqlDataSource dataSource, ICheckpointSaver checkpointer)
{
    private readonly bool _checkpointsInThisDatabase = checkpointer is PostgresCheckpointSaver;

    /// <summary>True when a run's exit checkpoint can go in the batch of <see cref="CompleteRunAsync"/>.</summary>
    public bool SavesExitCheckpoints => _checkpointsInThisDatabase;

    private const string RunColumns = "run_id, thread_id, assistant_id, status, payload::text, metadata::text, multitask_strategy, created_at, updated_at, result::text, error::text, attempt, trace_parent, trace_baggage";
    private const string ThreadColumns = "thread_id, created_at, updated_at, metadata::text, status";

    public async Task<ThreadRecord?> CreateThreadAsync(string? threadId, JsonElement metadata, bool returnExisting, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO graph_threads (thread_id, metadata) VALUES ($1, $2::jsonb) ON CONFLICT (thread_id) DO NOTHING RETURNING {ThreadColumns}");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId ?? Guid.NewGuid().ToString() });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = metadata.ValueKind == JsonValueKind.Object ? metadata.GetRawText() : "{}" });
        var created = await ReadThreadsAsync(command, cancellationToken);
        if (created.Count > 0)
        {
            return created[0];
        }

        return returnExisting ? await GetThreadAsync(threadId!, cancellationToken) : null;
    }

    public async Task<ThreadRecord?> GetThreadAsync(string threadId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {ThreadColumns} FROM graph_threads WHERE thread_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        return (await ReadThreadsAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<List<ThreadRecord>> SearchThreadsAsync(JsonElement? metadata, string? status, int limit, int offset, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {ThreadColumns} FROM graph_threads WHERE ($1::jsonb IS NULL OR metadata @> $1::jsonb) AND ($2::text IS NULL OR status = $2) ORDER BY created_at DESC LIMIT $3 OFFSET $4");
        command.Parameters.Add(new NpgsqlParameter { Value = metadata is { ValueKind: JsonValueKind.Object } m ? m.GetRawText() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)status ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = offset });
        return await ReadThreadsAsync(command, cancellationToken);
    }

    public async Task<bool> DeleteThreadAsync(string threadId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM graph_threads WHERE thread_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task SetThreadStatusAsync(string threadId, string status, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE graph_threads SET status = $2, updated_at = now() WHERE thread_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Claims the oldest runnable run: a pending run whose thread has nothing running, or a running run whose worker
    /// stopped sending heartbeats (its process died). Safe with any number of replicas (FOR UPDATE SKIP LOCKED).
    /// </summary>
    public async Task<RunRecord?> ClaimNextAsync(string workerId, TimeSpan staleAfter, string? onlyRunId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            UPDATE graph_runs r SET status = 'running', claimed_by = $1, heartbeat_at = now(), updated_at = now(), attempt = r.attempt + 1
            WHERE r.run_id = (
                SELECT q.run_id FROM graph_runs q
                WHERE ($3::text IS NULL OR q.run_id = $3)
                  AND ((q.status = 'pending' AND NOT EXISTS (
                          SELECT 1 FROM graph_runs o WHERE o.thread_id = q.thread_id AND o.status = 'running'))
                    OR (q.status = 'running' AND q.heartbeat_at < now() - $2::interval))
                ORDER BY q.created_at
                FOR UPDATE SKIP LOCKED
                LIMIT 1)
            RETURNING {RunColumns}
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workerId });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = staleAfter });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)onlyRunId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        return (await ReadRunsAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>
    /// Records that the worker is alive. Returns the cancellation asked for the run, if any, or "lost" when another
    /// replica has claimed the run meanwhile (this worker's heartbeats had stopped reaching the database).
    /// </summary>
    public async Task<string?> HeartbeatAsync(string runId, string workerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE graph_runs SET heartbeat_at = now() WHERE run_id = $1 AND claimed_by = $2 AND status = 'running' RETURNING coalesce(cancel_requested, '')");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = runId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workerId });
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            null => "lost",
            "" => null,
            string cancel => cancel,
            _ => null,
        };
    }

    /// <summary>Records a run's end and the thread's status.</summary>
    /// <param name="run">The run.</param>
    /// <param name="status">Its final status.</param>
    /// <param name="result">Its output.</param>
    /// <param name="error">Its error.</param>
    /// <param name="threadStatus">The thread's status unless another run is pending or running on it.</param>
    /// <param name="exitCheckpoint">
    /// The run's final checkpoint, when the engine handed it over unsaved (only with <see cref="SavesExitCheckpoints"/>):
    /// saved in the same batch, one round trip and one commit with the run's end.
    /// </param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public async Task CompleteRunAsync(RunRecord run, string status, JsonElement? result, JsonElement? error, string threadStatus, CheckpointPut? exitCheckpoint, CancellationToken cancellationToken)
    {
        if (exitCheckpoint is not null && !_checkpointsInThisDatabase)
        {
            throw new InvalidOperationException("The workflows' checkpoints are not in this database; the run saves its exit checkpoint itself.");
        }

        await using var batch = dataSource.CreateBatch();
        if (exitCheckpoint is not null)
        {
            PostgresCheckpointSaver.AddPuts(batch, [exitCheckpoint]);
        }

        var update = new NpgsqlBatchCommand("UPDATE graph_runs SET status = $2, result = $3::jsonb, error = $4::jsonb, updated_at = now() WHERE run_id = $1");
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = run.RunId });
        update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = status });
        update.Parameters.Add(new NpgsqlParameter { Value = result is { } r ? r.GetRawText() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        update.Parameters.Add(new NpgsqlParameter { Value = error is { } e ? e.GetRawText() : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        batch.BatchCommands.Add(update);
        var thread = new NpgsqlBatchCommand(
            """
            UPDATE graph_threads SET updated_at = now(),
                status = CASE WHEN EXISTS (SELECT 1 FROM graph_runs WHERE thread_id = $1 AND status IN ('pending', 'running')) THEN 'busy' ELSE $2 END
            WHERE thread_id = $1
            """);
        thread.Parameters.Add(new NpgsqlParameter<string> { TypedValue = run.ThreadId });
        thread.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadStatus });
        batch.BatchCommands.Add(thread);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives a run back to the queue (this replica is shutting down), so another replica resumes it at once.</summary>
    public async Task ReleaseRunAsync(string runId, string workerId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE graph_runs SET status = 'pending', claimed_by = NULL, heartbeat_at = NULL, updated_at = now() WHERE run_id = $1 AND status = 'running' AND claimed_by = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = runId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = workerId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Rollback: removes a run and every checkpoint it created.</summary>
    public async Task RollbackRunAsync(RunRecord run, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var checkpoints = new NpgsqlBatchCommand(
            """
            WITH deleted AS (
                DELETE FROM graph_checkpoints WHERE thread_id = $1 AND metadata ->> 'run_id' = $2 RETURNING checkpoint_ns, checkpoint_id)
            DELETE FROM graph_checkpoint_writes w USING deleted d
            WHERE w.thread_id = $1 AND w.checkpoint_ns = d.checkpoint_ns AND w.checkpoint_id = d.checkpoint_id
            """);
        checkpoints.Parameters.Add(new NpgsqlParameter<string> { TypedValue = run.ThreadId });
        checkpoints.Parameters.Add(new NpgsqlParameter<string> { TypedValue = run.RunId });
        batch.BatchCommands.Add(checkpoints);
        var runRow = new NpgsqlBatchCommand("DELETE FROM graph_runs WHERE run_id = $1");
        runRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = run.RunId });
        batch.BatchCommands.Add(runRow);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<RunRecord?> GetRunAsync(string threadId, string runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RunColumns} FROM graph_runs WHERE thread_id = $1 AND run_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = runId });
        return (await ReadRunsAsync(command, cancellationToken)).FirstOrDefault();
    }

    public async Task<List<RunRecord>> ListRunsAsync(string threadId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {RunColumns} FROM graph_runs WHERE thread_id = $1 ORDER BY created_at DESC LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadRunsAsync(command, cancellationToken);
    }

    /// <summary>Asks a run to stop (interrupt keeps its checkpoints, rollback deletes them); a pending run stops at once.</summary>
    public async Task<bool> RequestCancelAsync(string threadId, string runId, string action, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE graph_runs SET cancel_requested = $3, status = CASE WHEN status = 'pending' THEN 'interrupted' ELSE status END, updated_at = now()
            WHERE thread_id = $1 AND run_id = $2 AND status IN ('pending', 'running')
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = runId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = action });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static async Task<List<ThreadRecord>> ReadThreadsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        List<ThreadRecord> threads = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            threads.Add(new ThreadRecord(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), JsonBuilder.Parse(reader.GetString(3)), reader.GetString(4)));
        }

        return threads;
    }

    private static async Task<List<RunRecord>> ReadRunsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        List<RunRecord> runs = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(ReadRun(reader));
        }

        return runs;
    }

    // The row of RunColumns the reader is on.
    private static RunRecord ReadRun(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
        JsonBuilder.Parse(reader.GetString(4)), JsonBuilder.Parse(reader.GetString(5)), reader.GetString(6),
        reader.GetFieldValue<DateTimeOffset>(7), reader.GetFieldValue<DateTimeOffset>(8),
        reader.IsDBNull(9) ? null : JsonBuilder.Parse(reader.GetString(9)),
        reader.IsDBNull(10) ? null : JsonBuilder.Parse(reader.GetString(10)),
        reader.GetInt32(11),
        reader.IsDBNull(12) ? null : reader.GetString(12),
        reader.IsDBNull(13) ? null : reader.GetString(13));
}
