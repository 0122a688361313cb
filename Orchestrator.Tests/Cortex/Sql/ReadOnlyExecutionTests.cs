using Npgsql;
using Orchestrator.Cortex.Local;
using Orchestrator.Cortex.Sql;
using Orchestrator.Tests.Cortex.Local;

namespace Orchestrator.Tests.Cortex.Sql;

public sealed class ReadOnlyExecutionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync() => _dataSource = NpgsqlDataSource.Create(await SeededWarehouse.GetConnectionStringAsync());

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Begin_WarehouseTable_CanBeRead()
    {
        Assert.Equal(100_000L, await RunAsync("SELECT count(*) FROM order_lines", 5));
    }

    [Theory]
    [InlineData("SELECT count(*) FROM schema_migrations", "42501")]
    [InlineData("WITH x AS (DELETE FROM returns RETURNING 1) SELECT count(*) FROM x", "25006")]
    public async Task Begin_StatementBeyondTheGuard_IsStoppedByTheServer(string sql, string sqlState)
    {
        var before = await CountReturnsAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => RunAsync(sql, 5));

        Assert.Equal(sqlState, error.SqlState);
        Assert.Equal(before, await CountReturnsAsync());
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
        await using var transaction = await ReadOnlyExecution.BeginAsync(connection, LocalStatementExecutor.ReaderRole, timeoutSeconds, CancellationToken.None).WaitAsync(Timeout);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync().WaitAsync(Timeout);
    }

    private async Task<long> CountReturnsAsync()
    {
        await using var command = _dataSource.CreateCommand("SELECT count(*) FROM returns");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
