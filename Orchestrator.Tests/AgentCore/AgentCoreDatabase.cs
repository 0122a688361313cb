using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.AgentCore;
using Orchestrator.ServiceDefaults.Data;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.AgentCore;

/// <summary>
/// A class fixture for store-level tests: a fresh database on the test PostgreSQL server with AgentCore's migrations
/// applied, one per test class. Tests in a class share it, so each uses ids of its own.
/// </summary>
public sealed class AgentCoreDatabase : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        DataSource = NpgsqlDataSource.Create(await new PostgresServerFixture().CreateDatabaseAsync("agentcore-store").WaitAsync(Timeout));
        await new SqlMigrator(DataSource, NullLogger<SqlMigrator>.Instance)
            .ApplyAsync(AgentCoreServiceExtensions.MigrationComponent, SqlMigrationSource.FromAssembly(typeof(AgentCoreServiceExtensions).Assembly), CancellationToken.None)
            .WaitAsync(Timeout);
    }

    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}
