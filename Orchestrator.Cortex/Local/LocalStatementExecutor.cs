using Microsoft.Extensions.Options;
using Npgsql;


namespace Orchestrator.Cortex.Local;

/// <summary>
/// Runs one statement against the local warehouse database, read-only: inside a READ ONLY
/// transaction, as the NOLOGIN role that may only SELECT the warehouse tables, with a statement
/// timeout and a row cap. The statement is sent through the extended protocol as a single
/// command, so PostgreSQL itself refuses a second statement hidden after a semicolon.
/// </summary>
public sealed partial class LocalStatementExecutor(
    NpgsqlDataSource warehouse,
    IOptions<LocalWarehouseOptions> options,
    ILogger<LocalStatementExecutor> logger)
{
    /// <summary>The role statements run as; created by the warehouse migrations.</summary>
    public const string ReaderRole = "warehouse_reader";

    public async Task<StatementOutcome> ExecuteAsync(string statement, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var timeout = timeoutSeconds is > 0 ? Math.Min(timeoutSeconds.Value, limits.MaxStatementTimeoutSeconds) : limits.MaxStatementTimeoutSeconds;

        await using var connection = await warehouse.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var guard = new NpgsqlCommand(
            $"SET TRANSACTION READ ONLY; SET LOCAL statement_timeout = {timeout * 1000}; SET LOCAL ROLE {ReaderRole}", connection, transaction))
        {
            await guard.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            // A batch command is never split on semicolons by Npgsql: the server receives one Parse message.
            await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { new NpgsqlBatchCommand(statement) } };
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var columns = (await reader.GetColumnSchemaAsync(cancellationToken)).Select(c => SnowflakeTypes.ToColumnType((Npgsql.Schema.NpgsqlDbColumn)c)).ToList();
            var rows = new List<string?[]>();
            var values = new object[reader.FieldCount];
            while (await reader.ReadAsync(cancellationToken))
            {
                if (rows.Count == limits.MaxRows)
                {
                    LogRowCapReached(logger, limits.MaxRows);
                    break;
                }

                reader.GetValues(values);
                rows.Add(Array.ConvertAll(values, SnowflakeTypes.ToCell));
            }

            return new StatementOutcome(columns, rows, null);
        }
        catch (PostgresException ex)
        {
            return StatementOutcome.Failed(new StatementError(SnowflakeErrorCodes.FromSqlState(ex.SqlState), ex.SqlState, ex.MessageText));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statement result cut at the row cap of {MaxRows}")]
    private static partial void LogRowCapReached(ILogger logger, int maxRows);
}
