namespace Orchestrator.Hosting.Postgres;

/// <summary>How the AppHost provides PostgreSQL in run mode (<c>Orchestrator:Postgres:Mode</c>).</summary>
public enum PostgresMode
{
    /// <summary>The machine's binaries when found, else a container when a runtime answers.</summary>
    Auto,

    /// <summary>Always the machine's binaries, run as a process.</summary>
    Process,

    /// <summary>Always a container through Aspire.Hosting.PostgreSQL.</summary>
    Container,
}
