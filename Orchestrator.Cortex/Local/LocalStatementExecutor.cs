using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using Orchestrator.Cortex.Sql;
using Orchestrator.Cortex.Statements;

namespace Orchestrator.Cortex.Local;

/// <summary>
/// Runs one statement against the local warehouse database, read-only: it must pass the
/// tokenizer-level read-only check (<see cref="ReadOnlySqlGuard"/>), then runs inside a READ ONLY
/// transaction, as the NOLOGIN role that may only SELECT the warehouse tables, with a statement
/// timeout and a row cap. The statement is sent through the extended protocol as a single
/// command, so PostgreSQL itself also refuses a second statement hidden after a semicolon.
/// </summary>
public sealed partial class LocalStatementExecutor(
    NpgsqlDataSource warehouse,
    IOptions<LocalWarehouseOptions> options,
    ILogger<LocalStatementExecutor> logger)
{
    /// <summary>The role statements run as; created by the warehouse migrations.</summary>
    public const string ReaderRole = "warehouse_reader";

    /// <summary>Runs <paramref name="statement"/> and returns its rows in memory (at most the row cap, or <paramref name="maxRows"/>).</summary>
    public async Task<StatementOutcome> ExecuteAsync(string statement, int? timeoutSeconds, CancellationToken cancellationToken, JsonElement? bindings = null, int? maxRows = null)
    {
        var cap = Math.Min(maxRows ?? int.MaxValue, options.Value.MaxRows);
        var (outcome, error) = await RunAsync(statement, bindings, timeoutSeconds, async reader =>
        {
            var columns = reader.GetColumnSchema().Select(SnowflakeTypes.ToColumnType).ToList();
            var rows = new List<string?[]>();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (rows.Count == cap)
                {
                    LogRowCapReached(logger, cap);
                    break;
                }

                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = SnowflakeTypes.ToCell(reader, i);
                }

                rows.Add(row);
            }

            return new StatementOutcome(columns, rows, null);
        }, cancellationToken);
        return outcome ?? StatementOutcome.Failed(error!);
    }

    /// <summary>
    /// Runs <paramref name="statement"/> and spills its rows, partition by partition, under
    /// <paramref name="directory"/>: memory stays bounded by one partition however long the result.
    /// </summary>
    public Task<(StatementResult? Result, StatementError? Error)> ExecuteToPartitionsAsync(string statement, JsonElement? bindings, int? timeoutSeconds, string directory, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        return RunAsync(statement, bindings, timeoutSeconds, reader => StatementResult.WriteAsync(reader, directory, limits.PartitionRows, limits.MaxRows, cancellationToken), cancellationToken);
    }

    private async Task<(T? Value, StatementError? Error)> RunAsync<T>(string statement, JsonElement? bindings, int? timeoutSeconds, Func<NpgsqlDataReader, Task<T>> read, CancellationToken cancellationToken)
        where T : class
    {
        var verdict = ReadOnlySqlGuard.Check(statement);
        if (!verdict.IsSafe)
        {
            return (null, new StatementError(SnowflakeErrorCodes.FromSqlState("42501"), "42501", "Statement refused: " + verdict.Reason));
        }

        BoundStatement bound;
        try
        {
            bound = SnowflakeBindings.Bind(statement, bindings);
        }
        catch (SqlBindingException ex)
        {
            return (null, new StatementError("002049", "07002", ex.Message));
        }

        await using var connection = await warehouse.OpenConnectionAsync(cancellationToken);
        await using var transaction = await ReadOnlyExecution.BeginAsync(connection, ReaderRole, options.Value.EffectiveTimeoutSeconds(timeoutSeconds), cancellationToken);
        try
        {
            // A batch command is never split on semicolons by Npgsql: the server receives one Parse message.
            var command = new NpgsqlBatchCommand(bound.Sql);
            command.Parameters.AddRange(bound.Parameters.ToArray());
            await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { command } };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            return (await read(reader), null);
        }
        catch (PostgresException ex)
        {
            return (null, new StatementError(SnowflakeErrorCodes.FromSqlState(ex.SqlState), ex.SqlState, ex.MessageText));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statement result cut at the row cap of {MaxRows}")]
    private static partial void LogRowCapReached(ILogger logger, int maxRows);
}
