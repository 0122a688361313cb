using Npgsql;

namespace Orchestrator.Cortex.Sql;

/// <summary>
/// The server-side half of SQL safety: the read-only role and the transaction every query runs in.
/// </summary>
/// <remarks>
/// Even a statement that slipped past <see cref="ReadOnlySqlGuard"/> runs in a READ ONLY transaction
/// as a NOLOGIN role that can only SELECT the warehouse tables, with a statement timeout, so it can
/// neither write, nor read other tables, nor run for long.
/// </remarks>
public static class ReadOnlyExecution
{
    /// <summary>
    /// Begins a READ ONLY transaction on <paramref name="connection"/> and, inside it, switches to
    /// <paramref name="role"/> and sets the statement timeout. Both settings end with the transaction.
    /// </summary>
    public static async Task<NpgsqlTransaction> BeginAsync(NpgsqlConnection connection, string role, int timeoutSeconds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        try
        {
            var sql = $"SET TRANSACTION READ ONLY; SET LOCAL ROLE {QuoteIdentifier(role)}; SET LOCAL statement_timeout = {checked(timeoutSeconds * 1000)};";
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    /// <summary>Quotes <paramref name="identifier"/> for PostgreSQL.</summary>
    public static string QuoteIdentifier(string identifier)
    {
        ArgumentException.ThrowIfNullOrEmpty(identifier);
        return "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
