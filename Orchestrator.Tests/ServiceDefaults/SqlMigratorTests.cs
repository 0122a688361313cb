using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.ServiceDefaults.Data;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.ServiceDefaults;

public class SqlMigratorTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    private static readonly SqlMigration[] Migrations =
    [
        new(1, "create_widgets", "CREATE TABLE widgets (id int PRIMARY KEY)"),
        new(2, "add_name", "ALTER TABLE widgets ADD COLUMN name text"),
    ];

    [Fact]
    public async Task Apply_ConcurrentReplicas_ApplyEachMigrationExactlyOnce()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrations"));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance).ApplyAsync("widgets", Migrations, CancellationToken.None)))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, results.Sum());
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM schema_migrations WHERE component = 'widgets'");
        Assert.Equal(2L, await count.ExecuteScalarAsync());
        await using var insert = dataSource.CreateCommand("INSERT INTO widgets (id, name) VALUES (1, 'ok')");
        Assert.Equal(1, await insert.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Apply_ScriptChangedAfterApplying_RefusesWithItsName()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrations"));
        var migrator = new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance);
        await migrator.ApplyAsync("widgets", Migrations, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        SqlMigration[] edited = [Migrations[0] with { Sql = "CREATE TABLE widgets (id bigint PRIMARY KEY)" }, Migrations[1]];
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => migrator.ApplyAsync("widgets", edited, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("0001_create_widgets", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_FailingScript_RollsBackAndRecordsNothing()
    {
        await using var dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("migrations"));
        var migrator = new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance);
        SqlMigration[] broken = [new(1, "half", "CREATE TABLE half (id int); SELECT no_such_function();")];

        await Assert.ThrowsAsync<PostgresException>(
            () => migrator.ApplyAsync("broken", broken, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));

        await using var probe = dataSource.CreateCommand("SELECT to_regclass('half') IS NULL AND NOT EXISTS (SELECT 1 FROM schema_migrations WHERE component = 'broken')");
        Assert.Equal(true, await probe.ExecuteScalarAsync());
    }
}
