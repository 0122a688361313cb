using Npgsql;
using NpgsqlTypes;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.Graph.Persistence;

namespace Orchestrator.Graph.Runs;

public sealed partial class RunStore
{
    // Both paths insert the run with these columns; the first path adds a condition (nothing in flight on the thread).
    private const string InsertRun =
        """
        INSERT INTO graph_runs (run_id, thread_id, assistant_id, status, payload, metadata, multitask_strategy, claimed_by, heartbeat_at, attempt, trace_parent, trace_baggage)
        SELECT $1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8, CASE WHEN $8 IS NULL THEN NULL ELSE now() END, CASE WHEN $8 IS NULL THEN 0 ELSE 1 END, $9, $10
        """;

    // Every run creation takes the thread's row lock first, so creations on one thread happen one at a time.
    private const string LockThread = "SELECT 1 FROM graph_threads WHERE thread_id = $1 FOR UPDATE";

    private const string WhenThreadIsFree =
        " WHERE EXISTS (SELECT 1 FROM graph_threads WHERE thread_id = $2) AND NOT EXISTS (SELECT 1 FROM graph_runs WHERE thread_id = $2 AND status IN ('pending', 'running'))";

    /// <summary>
    /// Creates a run under the thread's row lock, applying the multitask strategy to the runs in flight: reject refuses,
    /// interrupt and rollback ask them to stop, enqueue waits behind them.
    /// </summary>
    /// <remarks>
    /// When <c>claimedBy</c> is set and the thread is free, the run is created running and claimed by that worker, and
    /// the thread's latest checkpoint is read in the same batch when it lives in this database (the run starts from it
    /// without reading it again).
    /// A free thread, the common case, costs one round trip: the batch is one implicit transaction, so the lock, the
    /// check, the insert and the read hold together without BEGIN and COMMIT of their own.
    /// </remarks>
    public async Task<(RunCreation Outcome, RunRecord? Run, IReadOnlyList<string> Blocking, LatestCheckpoint? Latest)> CreateRunAsync(
        string threadId, RunRequest request, RegisteredGraph graph, string? claimedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(graph);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var runId = Guid.CreateVersion7().ToString();
        var readLatest = claimedBy is not null && _checkpointsInThisDatabase;
        var (exists, created, latest) = await TryCreateOnFreeThreadAsync(connection, threadId, runId, request, graph, claimedBy, readLatest, cancellationToken);
        if (!exists)
        {
            return (RunCreation.ThreadNotFound, null, [], null);
        }

        if (created is not null)
        {
            return (claimedBy is null ? RunCreation.Queued : RunCreation.Created, created, [], latest);
        }

        var (outcome, run, blocking) = await CreateBehindRunsInFlightAsync(connection, threadId, runId, request, graph, cancellationToken);
        return (outcome, run, blocking, null);
    }

    private static async Task<(bool ThreadExists, RunRecord? Run, LatestCheckpoint? Latest)> TryCreateOnFreeThreadAsync(
        NpgsqlConnection connection, string threadId, string runId, RunRequest request, RegisteredGraph graph, string? claimedBy, bool readLatest,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (request.IfNotExists == "create")
        {
            batch.BatchCommands.Add(ThreadCommand("INSERT INTO graph_threads (thread_id) VALUES ($1) ON CONFLICT DO NOTHING", threadId));
        }

        batch.BatchCommands.Add(ThreadCommand(LockThread, threadId));
        batch.BatchCommands.Add(InsertRunCommand(WhenThreadIsFree, threadId, runId, request, graph, claimedBy));
        batch.BatchCommands.Add(MarkThreadBusy(threadId, runId, graph));
        if (readLatest)
        {
            // Read after the lock and the insert: no other run can write to the thread until this one ends.
            batch.BatchCommands.Add(PostgresCheckpointSaver.TupleCommand(new CheckpointConfig(threadId)));
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (false, null, null);
        }

        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (true, null, null);
        }

        var run = ReadRun(reader);
        if (!readLatest)
        {
            return (true, run, null);
        }

        await reader.NextResultAsync(cancellationToken);
        return (true, run, new LatestCheckpoint(await PostgresCheckpointSaver.ReadTupleAsync(reader, cancellationToken)));
    }

    // Runs are in flight on the thread: the strategy decides, in a transaction of its own that reads them again under the lock.
    private static async Task<(RunCreation Outcome, RunRecord? Run, IReadOnlyList<string> Blocking)> CreateBehindRunsInFlightAsync(
        NpgsqlConnection connection, string threadId, string runId, RunRequest request, RegisteredGraph graph, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var lockAndList = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                ThreadCommand(LockThread, threadId),
                ThreadCommand("SELECT run_id FROM graph_runs WHERE thread_id = $1 AND status IN ('pending', 'running') ORDER BY created_at", threadId),
            },
        };
        List<string> inflight = [];
        await using (var reader = await lockAndList.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (RunCreation.ThreadNotFound, null, []);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                inflight.Add(reader.GetString(0));
            }
        }

        if (inflight.Count > 0 && request.MultitaskStrategy == "reject")
        {
            return (RunCreation.Busy, null, inflight);
        }

        if (inflight.Count > 0 && request.MultitaskStrategy is "interrupt" or "rollback")
        {
            await using var cancel = new NpgsqlCommand(
                """
                UPDATE graph_runs SET cancel_requested = $2,
                    status = CASE WHEN status = 'pending' THEN 'interrupted' ELSE status END, updated_at = now()
                WHERE run_id = ANY($1)
                """, connection, transaction);
            cancel.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. inflight] });
            cancel.Parameters.Add(new NpgsqlParameter<string> { TypedValue = request.MultitaskStrategy });
            await cancel.ExecuteNonQueryAsync(cancellationToken);
        }

        // The runs in flight may have ended since the first attempt; the run still waits its turn through the queue.
        await using var insert = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands = { InsertRunCommand("", threadId, runId, request, graph, claimedBy: null), MarkThreadBusy(threadId, runId, graph) },
        };
        RunRecord run;
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            run = ReadRun(reader);
        }

        await transaction.CommitAsync(cancellationToken);
        return (RunCreation.Queued, run, inflight);
    }

    private static NpgsqlBatchCommand ThreadCommand(string sql, string threadId) =>
        new(sql) { Parameters = { new NpgsqlParameter<string> { TypedValue = threadId } } };

    private static NpgsqlBatchCommand InsertRunCommand(string condition, string threadId, string runId, RunRequest request, RegisteredGraph graph, string? claimedBy) =>
        new($"{InsertRun}{condition} RETURNING {RunColumns}")
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = runId },
                new NpgsqlParameter<string> { TypedValue = threadId },
                new NpgsqlParameter<string> { TypedValue = graph.AssistantId },
                new NpgsqlParameter<string> { TypedValue = claimedBy is null ? RunStatus.Pending : RunStatus.Running },
                new NpgsqlParameter<string> { TypedValue = request.Raw.GetRawText() },
                new NpgsqlParameter<string> { TypedValue = request.Metadata.GetRawText() },
                new NpgsqlParameter<string> { TypedValue = request.MultitaskStrategy },
                new NpgsqlParameter { Value = (object?)claimedBy ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter { Value = (object?)RunTraceContext.CaptureParent() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
                new NpgsqlParameter { Value = (object?)RunTraceContext.CaptureBaggage() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };

    // Only when the run was inserted: on a busy thread the first attempt leaves the thread as it was.
    private static NpgsqlBatchCommand MarkThreadBusy(string threadId, string runId, RegisteredGraph graph) =>
        new(
            """
            UPDATE graph_threads SET status = 'busy', updated_at = now(), metadata = metadata || jsonb_build_object('graph_id', $2::text, 'assistant_id', $3::text)
            WHERE thread_id = $1 AND EXISTS (SELECT 1 FROM graph_runs WHERE run_id = $4)
            """)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = threadId },
                new NpgsqlParameter<string> { TypedValue = graph.GraphId },
                new NpgsqlParameter<string> { TypedValue = graph.AssistantId },
                new NpgsqlParameter<string> { TypedValue = runId },
            },
        };
}
