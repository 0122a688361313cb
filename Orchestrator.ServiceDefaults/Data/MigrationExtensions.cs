using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Orchestrator.ServiceDefaults.Data;

/// <summary>Registers start-up migrations.</summary>
public static class MigrationExtensions
{
    /// <summary>
    /// Applies the <c>Migrations/NNNN_*.sql</c> resources embedded in <paramref name="assembly"/> at
    /// start-up, on the registered <see cref="Npgsql.NpgsqlDataSource"/> (or the keyed one).
    /// </summary>
    public static IServiceCollection AddSqlMigrations(this IServiceCollection services, string component, Assembly assembly, string? dataSourceKey = null) =>
        // Not AddHostedService: it de-duplicates by type, and a host may migrate several components.
        services.AddSingleton<IHostedService>(sp => new MigrationHostedService(sp, component, assembly, dataSourceKey));
}
