using Npgsql;

namespace Orchestrator.Hosting.Postgres;

/// <summary>What the host does once a server accepts connections: the password, then the databases.</summary>
public static class PostgresServerSetup
{
    /// <summary>
    /// Sets the superuser password (so a persistent cluster follows a regenerated password) and
    /// creates each database that does not exist yet. Safe to run at every start.
    /// </summary>
    public static async Task ApplyAsync(string superuserConnectionString, string password, IEnumerable<string> databases, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(superuserConnectionString);
        await connection.OpenAsync(cancellationToken);

        // ALTER ROLE takes no parameters; quote the literal by doubling single quotes.
        await using (var alter = new NpgsqlCommand($"ALTER ROLE postgres WITH PASSWORD '{password.Replace("'", "''", StringComparison.Ordinal)}'", connection))
        {
            await alter.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var database in databases)
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
            exists.Parameters.AddWithValue(database);
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                continue;
            }

            var quoted = "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another AppHost on the same persistent cluster created it first.
            }
        }
    }
}
