using Microsoft.Extensions.Options;
using Npgsql;
using Orchestrator.Cortex.Local;
using Orchestrator.Cortex.Sql;

namespace Orchestrator.Cortex.Analyst;

/// <summary>
/// Checks generated SQL with EXPLAIN on warehouse-db, inside the same read-only transaction and
/// role a real run would use, so a query that would fail for want of privileges fails here too.
/// </summary>
public sealed class ExplainSqlChecker(NpgsqlDataSource dataSource, IOptions<LocalWarehouseOptions> options) : ISqlChecker
{
    /// <inheritdoc />
    public async Task<string?> CheckAsync(string sql, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await ReadOnlyExecution.BeginAsync(connection, LocalStatementExecutor.ReaderRole, settings.MaxStatementTimeoutSeconds, cancellationToken);
        // Plain EXPLAIN plans without executing; the statement already passed the read-only check,
        // which is what keeps a second statement from riding along here.
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection, transaction);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return null;
        }
        catch (PostgresException ex)
        {
            return $"{ex.SqlState}: {ex.MessageText}";
        }
    }
}
