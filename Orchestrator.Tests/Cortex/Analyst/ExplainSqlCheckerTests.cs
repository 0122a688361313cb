using Microsoft.Extensions.Options;
using Npgsql;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.Local;
using Orchestrator.Tests.Cortex.Local;

namespace Orchestrator.Tests.Cortex.Analyst;

public sealed class ExplainSqlCheckerTests : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync() => _dataSource = NpgsqlDataSource.Create(await SeededWarehouse.GetConnectionStringAsync());

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Theory]
    [InlineData("SELECT region_name FROM regions", null)]
    [InlineData("SELECT revenue FROM orders", "42703")]
    [InlineData("SELECT * FROM schema_migrations", "42501")]
    public async Task Check_Sql_ReturnsTheDatabaseErrorOrNull(string sql, string? sqlState)
    {
        var checker = new ExplainSqlChecker(_dataSource, Options.Create(new LocalWarehouseOptions()));

        var error = await checker.CheckAsync(sql, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        if (sqlState is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.StartsWith(sqlState, error, StringComparison.Ordinal);
        }
    }
}
