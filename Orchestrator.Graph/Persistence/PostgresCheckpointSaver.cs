using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Persistence;

/// <summary>
/// Checkpoints in PostgreSQL (tables of migration 0001): a checkpoint row per super-step linked to its parent, one value
/// blob per (channel, version) so unchanged channels are not rewritten, and the pending writes of tasks.
/// </summary>
/// <remarks>A checkpoint is saved in one round trip (thread upsert, new blobs, checkpoint row as one batch).</remarks>
public sealed class PostgresCheckpointSaver(NpgsqlDataSource dataSource) : ICheckpointSaver
{
    private const string JsonType = "json";
    private const string EmptyType = "empty";

    private const string SelectColumns = "thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint::text, metadata::text";

    // The checkpoint row with its channel values and pending writes gathered into arrays: one statement, one snapshot.
    private const string TupleSql =
        $"""
        SELECT {SelectColumns}, bl.channels, bl.blobs, wr.task_ids, wr.channels, wr.blobs
        FROM (
            SELECT * FROM graph_checkpoints
            WHERE thread_id = $1 AND checkpoint_ns = $2 AND ($3::text IS NULL OR checkpoint_id = $3)
            ORDER BY checkpoint_id DESC LIMIT 1) c
        CROSS JOIN LATERAL (
            SELECT array_agg(b.channel) AS channels, array_agg(b.blob) AS blobs
            FROM jsonb_each_text(c.checkpoint -> 'channel_versions') v(channel, version)
            JOIN graph_checkpoint_blobs b ON b.thread_id = c.thread_id AND b.checkpoint_ns = c.checkpoint_ns AND b.channel = v.channel AND b.version = v.version::bigint
            WHERE b.type = '{JsonType}' AND b.blob IS NOT NULL) bl
        CROSS JOIN LATERAL (
            SELECT array_agg(w.task_id ORDER BY w.task_id, w.idx) AS task_ids, array_agg(w.channel ORDER BY w.task_id, w.idx) AS channels,
                   array_agg(w.blob ORDER BY w.task_id, w.idx) AS blobs
            FROM graph_checkpoint_writes w
            WHERE w.thread_id = c.thread_id AND w.checkpoint_ns = c.checkpoint_ns AND w.checkpoint_id = c.checkpoint_id) wr
        """;

    /// <inheritdoc />
    /// <remarks>One statement, so one round trip and one snapshot. Every turn of a conversation starts by loading its thread.</remarks>
    public async Task<CheckpointTuple?> GetTupleAsync(CheckpointConfig config, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(TupleCommand(config));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await ReadTupleAsync(reader, cancellationToken);
    }

    /// <summary>
    /// The statement of <see cref="GetTupleAsync"/>, for a caller that reads the checkpoint inside a transaction of its own
    /// (the run store, under the lock that starts a run); its result is read with <see cref="ReadTupleAsync"/>.
    /// </summary>
    internal static NpgsqlBatchCommand TupleCommand(CheckpointConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new NpgsqlBatchCommand(TupleSql)
        {
            Parameters =
            {
                new NpgsqlParameter<string> { TypedValue = config.ThreadId },
                new NpgsqlParameter<string> { TypedValue = config.CheckpointNs },
                new NpgsqlParameter { Value = (object?)config.CheckpointId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text },
            },
        };
    }

    /// <summary>The checkpoint in the reader's current result (of <see cref="TupleCommand"/>), or null when it has no row.</summary>
    internal static async Task<CheckpointTuple?> ReadTupleAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!reader.IsDBNull(6))
        {
            var channels = reader.GetFieldValue<string[]>(6);
            var blobs = reader.GetFieldValue<byte[][]>(7);
            for (var i = 0; i < channels.Length; i++)
            {
                values[channels[i]] = JsonBuilder.Parse(blobs[i]);
            }
        }

        var pending = new List<PendingWrite>();
        if (!reader.IsDBNull(8))
        {
            var tasks = reader.GetFieldValue<string[]>(8);
            var channels = reader.GetFieldValue<string[]>(9);
            var blobs = reader.GetFieldValue<byte[]?[]>(10);
            for (var i = 0; i < tasks.Length; i++)
            {
                pending.Add(new PendingWrite(tasks[i], channels[i], blobs[i] is { } blob ? JsonBuilder.Parse(blob) : default));
            }
        }

        return ToTuple(ReadRow(reader), values, pending);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CheckpointTuple> ListAsync(CheckpointListOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var command = dataSource.CreateCommand(
            $"""
            SELECT {SelectColumns} FROM graph_checkpoints
            WHERE ($1::text IS NULL OR thread_id = $1) AND ($2::text IS NULL OR checkpoint_ns = $2)
              AND ($3::text IS NULL OR checkpoint_id < $3) AND ($4::jsonb IS NULL OR metadata @> $4::jsonb)
            ORDER BY checkpoint_id DESC LIMIT $5
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)options.ThreadId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)options.CheckpointNs ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)options.Before ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = options.Filter is { Count: > 0 } filter ? FilterJson(filter) : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Jsonb });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = options.Limit ?? long.MaxValue });
        var rows = await ReadRowsAsync(command, cancellationToken);
        foreach (var chunk in rows.Chunk(100))
        {
            foreach (var tuple in await LoadAsync(chunk, cancellationToken))
            {
                yield return tuple;
            }
        }
    }

    /// <inheritdoc />
    public async Task<CheckpointConfig> PutAsync(CheckpointConfig config, Checkpoint checkpoint, CheckpointMetadata metadata, IReadOnlyDictionary<string, long> newVersions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(checkpoint);
        await PutManyAsync([new CheckpointPut(config, checkpoint, metadata, newVersions)], cancellationToken);
        return config with { CheckpointId = checkpoint.Id };
    }

    /// <inheritdoc />
    public async Task PutManyAsync(IReadOnlyList<CheckpointPut> puts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(puts);
        await using var batch = dataSource.CreateBatch();
        AddPuts(batch, puts);

        // One round trip and, as a multi-statement batch, one transaction and one commit.
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds the statements that save <paramref name="puts"/> to a batch, so a caller can save them with its own writes.</summary>
    internal static void AddPuts(NpgsqlBatch batch, IReadOnlyList<CheckpointPut> puts)
    {
        foreach (var thread in puts.Select(p => p.Config.ThreadId).Distinct(StringComparer.Ordinal))
        {
            batch.BatchCommands.Add(ThreadUpsert(thread));
        }

        foreach (var put in puts)
        {
            AddPut(batch, put);
        }
    }

    private static void AddPut(NpgsqlBatch batch, CheckpointPut put)
    {
        var (config, checkpoint, metadata, newVersions) = put;
        if (newVersions.Count > 0)
        {
            var channels = new string[newVersions.Count];
            var versions = new long[newVersions.Count];
            var types = new string[newVersions.Count];
            var blobs = new byte[]?[newVersions.Count];
            var i = 0;
            foreach (var (channel, version) in newVersions)
            {
                channels[i] = channel;
                versions[i] = version;
                var has = checkpoint.ChannelValues.TryGetValue(channel, out var value);
                types[i] = has ? JsonType : EmptyType;
                blobs[i] = has ? JsonBuilder.ToUtf8(value) : null;
                i++;
            }

            var blobInsert = new NpgsqlBatchCommand(
                """
                INSERT INTO graph_checkpoint_blobs (thread_id, checkpoint_ns, channel, version, type, blob)
                SELECT $1, $2, c, v, t, b FROM unnest($3::text[], $4::bigint[], $5::text[], $6::bytea[]) AS u(c, v, t, b)
                ON CONFLICT DO NOTHING
                """);
            blobInsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = config.ThreadId });
            blobInsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = config.CheckpointNs });
            blobInsert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = channels });
            blobInsert.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = versions });
            blobInsert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
            blobInsert.Parameters.Add(new NpgsqlParameter { Value = blobs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
            batch.BatchCommands.Add(blobInsert);
        }

        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO graph_checkpoints (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
            VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)
            ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata
            """);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = config.ThreadId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = config.CheckpointNs });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = checkpoint.Id });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)config.CheckpointId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = JsonBuilder.Build(checkpoint, CheckpointJson.WriteBody).GetRawText() });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = metadata.ToJson().GetRawText() });
        batch.BatchCommands.Add(insert);
    }

    /// <inheritdoc />
    public async Task PutWritesAsync(CheckpointConfig config, IReadOnlyList<PendingWrite> writes, string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(writes);
        if (config.CheckpointId is null)
        {
            throw new ArgumentException("Writes must address a checkpoint id.", nameof(config));
        }

        var indexes = new int[writes.Count];
        var channels = new string[writes.Count];
        var blobs = new byte[]?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            indexes[i] = WriteIndex.Of(writes[i].Channel, i);
            channels[i] = writes[i].Channel;
            blobs[i] = writes[i].Value.ValueKind == JsonValueKind.Undefined ? null : JsonBuilder.ToUtf8(writes[i].Value);
        }

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(ThreadUpsert(config.ThreadId));
        var insert = new NpgsqlBatchCommand(
            """
            INSERT INTO graph_checkpoint_writes (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
            SELECT $1, $2, $3, $4, i, c, CASE WHEN b IS NULL THEN 'empty' ELSE 'json' END, b FROM unnest($5::int[], $6::text[], $7::bytea[]) AS u(i, c, b)
            ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
            DO UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob WHERE graph_checkpoint_writes.idx < 0
            """);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = config.ThreadId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = config.CheckpointNs });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = config.CheckpointId });
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = taskId });
        insert.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = indexes });
        insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = channels });
        insert.Parameters.Add(new NpgsqlParameter { Value = blobs, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        batch.BatchCommands.Add(insert);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task DeleteThreadAsync(string threadId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM graph_threads WHERE thread_id = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<int> PruneAsync(string threadId, int keepLatest, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keepLatest, 1);
        await using var batch = dataSource.CreateBatch();
        var prune = new NpgsqlBatchCommand(
            """
            WITH ranked AS (
                SELECT checkpoint_ns, checkpoint_id, row_number() OVER (PARTITION BY checkpoint_ns ORDER BY checkpoint_id DESC) AS rn
                FROM graph_checkpoints WHERE thread_id = $1),
            deleted AS (
                DELETE FROM graph_checkpoints c USING ranked r
                WHERE c.thread_id = $1 AND c.checkpoint_ns = r.checkpoint_ns AND c.checkpoint_id = r.checkpoint_id AND r.rn > $2
                RETURNING c.checkpoint_ns, c.checkpoint_id),
            writes AS (
                DELETE FROM graph_checkpoint_writes w USING deleted d
                WHERE w.thread_id = $1 AND w.checkpoint_ns = d.checkpoint_ns AND w.checkpoint_id = d.checkpoint_id)
            SELECT count(*)::int FROM deleted
            """);
        prune.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        prune.Parameters.Add(new NpgsqlParameter<long> { TypedValue = keepLatest });
        batch.BatchCommands.Add(prune);
        // Blobs no remaining checkpoint refers to (the checkpoints deleted above are gone by the time this runs).
        var blobs = new NpgsqlBatchCommand(
            """
            DELETE FROM graph_checkpoint_blobs b WHERE b.thread_id = $1 AND NOT EXISTS (
                SELECT 1 FROM graph_checkpoints c CROSS JOIN LATERAL jsonb_each_text(c.checkpoint -> 'channel_versions') v(channel, version)
                WHERE c.thread_id = b.thread_id AND c.checkpoint_ns = b.checkpoint_ns AND v.channel = b.channel AND v.version::bigint = b.version)
            """);
        blobs.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        batch.BatchCommands.Add(blobs);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt32(0);
    }

    private static NpgsqlBatchCommand ThreadUpsert(string threadId)
    {
        var command = new NpgsqlBatchCommand("INSERT INTO graph_threads (thread_id) VALUES ($1) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = threadId });
        return command;
    }

    private static string FilterJson(IReadOnlyDictionary<string, JsonElement> filter) => JsonBuilder.Build(filter, static (w, f) =>
    {
        w.WriteStartObject();
        foreach (var (key, value) in f)
        {
            w.WritePropertyName(key);
            value.WriteTo(w);
        }

        w.WriteEndObject();
    }).GetRawText();

    private sealed record Row(string ThreadId, string Ns, string Id, string? ParentId, string Body, string Metadata);

    private static async Task<List<Row>> ReadRowsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        List<Row> rows = [];
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(ReadRow(reader));
        }

        return rows;
    }

    // The checkpoint row's columns, in the order of SelectColumns.
    private static Row ReadRow(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4), reader.GetString(5));

    /// <summary>Loads the values and pending writes of several checkpoints in one round trip.</summary>
    private async Task<List<CheckpointTuple>> LoadAsync(IReadOnlyList<Row> rows, CancellationToken cancellationToken)
    {
        var threads = rows.Select(r => r.ThreadId).ToArray();
        var namespaces = rows.Select(r => r.Ns).ToArray();
        var ids = rows.Select(r => r.Id).ToArray();
        await using var batch = dataSource.CreateBatch();
        var blobs = new NpgsqlBatchCommand(
            """
            SELECT k.ord, b.channel, b.type, b.blob
            FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(thread_id, checkpoint_ns, checkpoint_id, ord)
            JOIN graph_checkpoints c ON c.thread_id = k.thread_id AND c.checkpoint_ns = k.checkpoint_ns AND c.checkpoint_id = k.checkpoint_id
            CROSS JOIN LATERAL jsonb_each_text(c.checkpoint -> 'channel_versions') v(channel, version)
            JOIN graph_checkpoint_blobs b ON b.thread_id = c.thread_id AND b.checkpoint_ns = c.checkpoint_ns AND b.channel = v.channel AND b.version = v.version::bigint
            """);
        var writes = new NpgsqlBatchCommand(
            """
            SELECT k.ord, w.task_id, w.channel, w.blob
            FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS k(thread_id, checkpoint_ns, checkpoint_id, ord)
            JOIN graph_checkpoint_writes w ON w.thread_id = k.thread_id AND w.checkpoint_ns = k.checkpoint_ns AND w.checkpoint_id = k.checkpoint_id
            ORDER BY k.ord, w.task_id, w.idx
            """);
        foreach (var command in new[] { blobs, writes })
        {
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = threads });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = namespaces });
            command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = ids });
            batch.BatchCommands.Add(command);
        }

        var values = rows.Select(_ => new Dictionary<string, JsonElement>(StringComparer.Ordinal)).ToArray();
        var pending = rows.Select(_ => new List<PendingWrite>()).ToArray();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (reader.GetString(2) == JsonType && !reader.IsDBNull(3))
                {
                    values[reader.GetInt64(0) - 1][reader.GetString(1)] = JsonBuilder.Parse(reader.GetFieldValue<byte[]>(3));
                }
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var value = reader.IsDBNull(3) ? default : JsonBuilder.Parse(reader.GetFieldValue<byte[]>(3));
                pending[reader.GetInt64(0) - 1].Add(new PendingWrite(reader.GetString(1), reader.GetString(2), value));
            }
        }

        return [.. rows.Select((row, i) => ToTuple(row, values[i], pending[i]))];
    }

    private static CheckpointTuple ToTuple(Row row, Dictionary<string, JsonElement> values, List<PendingWrite> pending) => new(
        new CheckpointConfig(row.ThreadId, row.Ns, row.Id),
        CheckpointJson.ReadBody(JsonBuilder.Parse(row.Body), values),
        CheckpointMetadata.FromJson(JsonBuilder.Parse(row.Metadata)),
        row.ParentId is null ? null : new CheckpointConfig(row.ThreadId, row.Ns, row.ParentId),
        pending);
}
