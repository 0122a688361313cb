using Npgsql;

namespace Orchestrator.Tests.Infrastructure;

public class PostgresServerFixtureTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task CreateDatabase_TwoCalls_GiveIsolatedDatabasesOnARealServer()
    {
        var first = await postgres.CreateDatabaseAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var second = await postgres.CreateDatabaseAsync().WaitAsync(TimeSpan.FromSeconds(60));

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(10));
            await using var create = new NpgsqlCommand("CREATE TABLE marker(x int); INSERT INTO marker VALUES (42);", connection);
            await create.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        await using var other = new NpgsqlConnection(second);
        await other.OpenAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await using var probe = new NpgsqlCommand("SELECT to_regclass('marker') IS NULL, current_setting('server_version_num')::int", other);
        await using var reader = await probe.ExecuteReaderAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await reader.ReadAsync());
        Assert.True(reader.GetBoolean(0), "a table created in one test database must not appear in another");
        Assert.True(reader.GetInt32(1) >= 140000, "the fixture must run a real PostgreSQL 14+ server");
    }
}
