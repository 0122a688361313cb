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
    /// Creates <paramref name="role"/> if it does not exist and grants it SELECT on
    /// <paramref name="tables"/> (in schema public) and nothing else. Safe to run concurrently and repeatedly.
    /// </summary>
    public static async Task EnsureReaderRoleAsync(NpgsqlConnection connection, string role, IEnumerable<string> tables, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(tables);
        var quotedRole = QuoteIdentifier(role);
        var grants = string.Join('\n', tables.Select(t => $"GRANT SELECT ON public.{QuoteIdentifier(t)} TO {quotedRole};"));
        // CREATE ROLE has no IF NOT EXISTS; a unique violation means another instance won the race.
        var sql = $"""
            DO $ensure_role$
            BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role.Replace("'", "''", StringComparison.Ordinal)}') THEN
                BEGIN
                  CREATE ROLE {quotedRole} NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
                END;
              END IF;
            END
            $ensure_role$;
            GRANT USAGE ON SCHEMA public TO {quotedRole};
            {grants}
            GRANT {quotedRole} TO CURRENT_USER;
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState is "0LP01" or "42704" or "XX000" && ex.MessageText.Contains("member", StringComparison.OrdinalIgnoreCase))
        {
            // "role is already a member" on older servers: the grant we wanted is in place.
        }
    }

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
