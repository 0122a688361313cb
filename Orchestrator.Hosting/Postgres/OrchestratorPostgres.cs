using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Postgres;

/// <summary>
/// The PostgreSQL server of the application, whichever way it runs. The AppHost only asks it for
/// databases; whether a process or a container serves them is decided by <see cref="PostgresMode"/>.
/// </summary>
public sealed class OrchestratorPostgres
{
    private readonly Func<string, string, IResourceBuilder<IResourceWithConnectionString>> _addDatabase;

    internal OrchestratorPostgres(
        IResourceBuilder<IResourceWithConnectionString> server,
        PostgresMode mode,
        EndpointReference endpoint,
        ParameterResource password,
        Func<string, string, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
    {
        Server = server;
        Mode = mode;
        Endpoint = endpoint;
        Password = password;
        _addDatabase = addDatabase;
    }

    /// <summary>The server's TCP endpoint, for consumers that need a URL rather than a connection string.</summary>
    public EndpointReference Endpoint { get; }

    /// <summary>The superuser password of the <c>postgres</c> user.</summary>
    public ParameterResource Password { get; }

    public IResourceBuilder<IResourceWithConnectionString> Server { get; }

    /// <summary>Process or container; never auto once resolved.</summary>
    public PostgresMode Mode { get; }

    /// <summary>Adds a database, created when the server is ready.</summary>
    /// <param name="name">The resource name services reference (e.g. <c>orchestrator-db</c>).</param>
    /// <param name="databaseName">The database's name inside PostgreSQL.</param>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase(string name, string databaseName) =>
        _addDatabase(name, databaseName);
}
