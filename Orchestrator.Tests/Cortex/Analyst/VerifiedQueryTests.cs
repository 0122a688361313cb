using Npgsql;
using Orchestrator.Cortex.Local;
using Orchestrator.Cortex.SemanticModel;
using Orchestrator.Cortex.Sql;
using Orchestrator.Tests.Cortex.Local;

namespace Orchestrator.Tests.Cortex.Analyst;

public sealed class VerifiedQueryTests
{
    public static TheoryData<string> Names => new(SemanticModelCatalog.LoadEmbedded().Find("retail")!.VerifiedQueries.Select(q => q.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public async Task VerifiedQuery_RunsAgainstTheSeedAsTheReader_AndReturnsRows(string name)
    {
        var query = SemanticModelCatalog.LoadEmbedded().Find("retail")!.VerifiedQueries.Single(q => q.Name == name);
        await using var dataSource = NpgsqlDataSource.Create(await SeededWarehouse.GetConnectionStringAsync());
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await ReadOnlyExecution.BeginAsync(connection, LocalStatementExecutor.ReaderRole, 30, CancellationToken.None);
        await using var command = new NpgsqlCommand(query.Sql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(await reader.ReadAsync(), $"{name} returned no rows");
        Assert.False(reader.IsDBNull(0));
    }
}
