using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Cortex;
using Orchestrator.ServiceDefaults.Data;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cortex.Local;

/// <summary>
/// One warehouse database per test run, migrated and seeded exactly as the Cortex service does at
/// start-up. Tests only read it (statements run read-only), so sharing it costs no isolation and
/// saves seeding 100k order lines per test class.
/// </summary>
public static class SeededWarehouse
{
    private static readonly PostgresServerFixture Server = new();
    private static readonly Lazy<Task<string>> Database = new(CreateAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The connection string of the seeded warehouse database.</summary>
    public static Task<string> GetConnectionStringAsync() => Database.Value.WaitAsync(TimeSpan.FromSeconds(120));

    /// <summary>An empty database on the same server, for tests that write (e.g. seed the search corpus their own way).</summary>
    public static Task<string> CreateEmptyDatabaseAsync(string prefix) => Server.CreateDatabaseAsync(prefix);

    private static async Task<string> CreateAsync()
    {
        var connectionString = await Server.CreateDatabaseAsync("warehouse");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance)
            .ApplyAsync("warehouse", SqlMigrationSource.FromAssembly(typeof(CortexServiceExtensions).Assembly), CancellationToken.None);
        return connectionString;
    }
}
