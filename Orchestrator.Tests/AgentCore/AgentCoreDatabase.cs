using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orchestrator.AgentCore;
using Orchestrator.ServiceDefaults.Data;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.AgentCore;

/// <summary>A fresh database on the test PostgreSQL server with AgentCore's migrations applied, for store-level tests.</summary>
internal static class AgentCoreDatabase
{
    public static async Task<NpgsqlDataSource> CreateAsync(string name, TimeSpan timeout)
    {
        var dataSource = NpgsqlDataSource.Create(await new PostgresServerFixture().CreateDatabaseAsync(name));
        await new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance)
            .ApplyAsync(AgentCoreServiceExtensions.MigrationComponent, SqlMigrationSource.FromAssembly(typeof(AgentCoreServiceExtensions).Assembly), CancellationToken.None)
            .WaitAsync(timeout);
        return dataSource;
    }
}
