using Npgsql;
using Orchestrator.Cortex.Sql;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cortex.Sql;

public sealed class ReadOnlyExecutionTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("readonly").WaitAsync(Timeout));
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS facts (id int); INSERT INTO facts VALUES (1), (2); CREATE TABLE IF NOT EXISTS secrets_ro (s text); INSERT INTO secrets_ro VALUES ('x');", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        // Twice: the role set-up must be idempotent.
        await ReadOnlyExecution.EnsureReaderRoleAsync(connection, "cortex_reader_test", ["facts"], CancellationToken.None).WaitAsync(Timeout);
        await ReadOnlyExecution.EnsureReaderRoleAsync(connection, "cortex_reader_test", ["facts"], CancellationToken.None).WaitAsync(Timeout);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Begin_GrantedTable_CanBeRead()
    {
        var value = await RunAsync("SELECT sum(id) FROM facts", 5);

        Assert.Equal(3L, value);
    }

    [Theory]
    [InlineData("SELECT count(*) FROM secrets_ro", "42501")]
    [InlineData("WITH x AS (DELETE FROM facts RETURNING 1) SELECT count(*) FROM x", "25006")]
    public async Task Begin_StatementBeyondTheGuard_IsStoppedByTheServer(string sql, string sqlState)
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => RunAsync(sql, 5));

        Assert.Equal(sqlState, error.SqlState);
        Assert.Equal(2L, await CountFactsAsync());
    }

    [Fact]
    public async Task Begin_Timeout_CancelsLongStatement()
    {
        var error = await Assert.ThrowsAsync<PostgresException>(() => RunAsync("SELECT count(*) FROM generate_series(1, 100000000)", 1));

        Assert.Equal("57014", error.SqlState);
    }

    private async Task<object?> RunAsync(string sql, int timeoutSeconds)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await using var transaction = await ReadOnlyExecution.BeginAsync(connection, "cortex_reader_test", timeoutSeconds, CancellationToken.None).WaitAsync(Timeout);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync().WaitAsync(Timeout);
    }

    private async Task<long> CountFactsAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM facts");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
