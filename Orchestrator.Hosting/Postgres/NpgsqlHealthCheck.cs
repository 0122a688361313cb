using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Orchestrator.Hosting.Postgres;

/// <summary>Healthy when a new connection opens and answers <c>SELECT 1</c>.</summary>
internal sealed class NpgsqlHealthCheck(Func<CancellationToken, Task<string>> connectionString) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(await connectionString(cancellationToken))
            {
                Pooling = false,
                Timeout = 3,
            };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The message only: exceptions can carry the connection string.
            return HealthCheckResult.Unhealthy(ex.GetType().Name + ": " + ex.Message.Split('\n')[0]);
        }
    }
}
