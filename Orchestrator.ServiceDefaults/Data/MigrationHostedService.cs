using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Orchestrator.ServiceDefaults.Data;

/// <summary>
/// Runs a component's migrations while the host starts, before it serves requests, so a replica
/// never handles a request against an older schema.
/// </summary>
internal sealed class MigrationHostedService(IServiceProvider services, string component, Assembly assembly, string? dataSourceKey) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var dataSource = dataSourceKey is null
            ? services.GetRequiredService<NpgsqlDataSource>()
            : services.GetRequiredKeyedService<NpgsqlDataSource>(dataSourceKey);
        var migrator = ActivatorUtilities.CreateInstance<SqlMigrator>(services, dataSource);
        await migrator.ApplyAsync(component, SqlMigrationSource.FromAssembly(assembly), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
