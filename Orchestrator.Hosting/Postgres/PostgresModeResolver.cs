using Aspire.Hosting;

namespace Orchestrator.Hosting.Postgres;

/// <summary>Decides how PostgreSQL runs when the mode is <see cref="PostgresMode.Auto"/>.</summary>
public static class PostgresModeResolver
{
    /// <summary>
    /// The machine's binaries win (no image to pull, a start in about a second); a container is used
    /// when they are missing and a container runtime answers; with neither, start-up stops at once
    /// with <see cref="PostgresInstallation.InstallHint"/>. Publishing runs nothing locally, so it
    /// always resolves to the process model, which the AWS publisher maps to RDS.
    /// </summary>
    /// <exception cref="DistributedApplicationException">Neither binaries nor a container runtime are available.</exception>
    public static PostgresMode Resolve(PostgresMode configured, bool isPublishMode, Func<bool> binariesFound, Func<bool> containerRuntimeAvailable)
    {
        ArgumentNullException.ThrowIfNull(binariesFound);
        ArgumentNullException.ThrowIfNull(containerRuntimeAvailable);
        if (configured != PostgresMode.Auto)
        {
            return configured;
        }

        if (isPublishMode || binariesFound())
        {
            return PostgresMode.Process;
        }

        return containerRuntimeAvailable()
            ? PostgresMode.Container
            : throw new DistributedApplicationException(PostgresInstallation.InstallHint);
    }
}
