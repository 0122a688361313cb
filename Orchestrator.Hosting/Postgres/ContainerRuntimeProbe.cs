namespace Orchestrator.Hosting.Postgres;

/// <summary>
/// Asks the container runtime Aspire would use whether its engine answers. A <c>docker</c> client
/// alone is not enough: without an engine Aspire waits for containers that never start.
/// </summary>
public static class ContainerRuntimeProbe
{
    public static bool IsAvailable()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") is { Length: > 0 } configured
            ? configured
            : "docker";
        return PostgresInstallation.RunForOutput(runtime, "info --format {{.ServerVersion}}") is { Length: > 0 };
    }
}
