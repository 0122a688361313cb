using Microsoft.Extensions.Logging;
using Npgsql;

namespace Orchestrator.ServiceDefaults.Data;

/// <summary>
/// Applies a component's migrations, each in its own transaction, under a PostgreSQL advisory
/// lock so several replicas starting together apply each script exactly once.
/// </summary>
public sealed partial class SqlMigrator(NpgsqlDataSource dataSource, ILogger<SqlMigrator> logger)
{
    // Any fixed 64-bit key works; it only has to be the same for every replica and component.
    private const long AdvisoryLockKey = 0x4f52_4348_4d49_4752; // "ORCHMIGR"

    /// <summary>Applies the migrations of <paramref name="component"/> that are not applied yet.</summary>
    /// <returns>How many were applied by this call.</returns>
    public async Task<int> ApplyAsync(string component, IReadOnlyList<SqlMigration> migrations, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection,
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    component  text        NOT NULL,
                    version    integer     NOT NULL,
                    name       text        NOT NULL,
                    checksum   text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (component, version))
                """, cancellationToken);

            var applied = await AppliedAsync(connection, component, cancellationToken);
            var count = 0;
            foreach (var migration in migrations)
            {
                if (applied.TryGetValue(migration.Version, out var checksum))
                {
                    if (checksum != migration.Checksum)
                    {
                        throw new InvalidOperationException(
                            $"Migration {component} {migration.Version:D4}_{migration.Name} was changed after it was applied; add a new migration instead.");
                    }

                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, migration.Sql, cancellationToken);
                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_migrations (component, version, name, checksum) VALUES ($1, $2, $3, $4)", connection))
                {
                    record.Parameters.AddWithValue(component);
                    record.Parameters.AddWithValue(migration.Version);
                    record.Parameters.AddWithValue(migration.Name);
                    record.Parameters.AddWithValue(migration.Checksum);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, component, migration.Version, migration.Name);
                count++;
            }

            return count;
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
        }
    }

    private static async Task<Dictionary<int, string>> AppliedAsync(NpgsqlConnection connection, string component, CancellationToken cancellationToken)
    {
        await using var query = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations WHERE component = $1", connection);
        query.Parameters.AddWithValue(component);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Component} {Version}_{Name}")]
    private static partial void LogApplied(ILogger logger, string component, int version, string name);
}
