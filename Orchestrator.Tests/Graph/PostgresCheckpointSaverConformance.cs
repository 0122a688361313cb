using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.Graph.Persistence;
using Orchestrator.ServiceDefaults.Data;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Graph;

public class PostgresCheckpointSaverConformance(PostgresServerFixture postgres) : CheckpointSaverConformance, IClassFixture<PostgresServerFixture>, IAsyncLifetime
{
    private NpgsqlDataSource? _dataSource;

    /// <summary>A migrated, empty graph database on the shared test server.</summary>
    internal static async Task<NpgsqlDataSource> CreateGraphDatabaseAsync(PostgresServerFixture postgres)
    {
        var connectionString = await postgres.CreateDatabaseAsync("graph").WaitAsync(TimeSpan.FromSeconds(60));
        var dataSource = NpgsqlDataSource.Create(connectionString);
        await new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance)
            .ApplyAsync("graph", SqlMigrationSource.FromAssembly(typeof(PostgresCheckpointSaver).Assembly), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(60));
        return dataSource;
    }

    protected override async Task<ICheckpointSaver> CreateSaverAsync()
    {
        _dataSource = await CreateGraphDatabaseAsync(postgres);
        return new PostgresCheckpointSaver(_dataSource);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
