using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Postgres;

/// <summary>
/// A PostgreSQL server that runs as a process from the machine's own binaries, for machines
/// without a container runtime. Its connection string has the same shape as Aspire's container
/// resource, so the services cannot tell the two apart.
/// </summary>
public sealed class PostgresProcessServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    internal const string EndpointName = "tcp";

    /// <summary>The superuser the services connect as.</summary>
    public const string UserName = "postgres";

    private EndpointReference? _primaryEndpoint;

    public EndpointReference PrimaryEndpoint => _primaryEndpoint ??= new(this, EndpointName);

    /// <summary>The generated superuser password; set on the server at every start.</summary>
    public ParameterResource PasswordParameter { get; } = password;

    /// <summary>The data directory and command line; null in publish mode, where nothing runs locally.</summary>
    public PostgresCluster? Cluster { get; internal set; }

    /// <summary>Databases to create once the server is ready: resource name → database name.</summary>
    public IReadOnlyDictionary<string, string> Databases => _databases;

    private readonly Dictionary<string, string> _databases = new(StringComparer.Ordinal);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");

    internal void AddDatabase(string resourceName, string databaseName) => _databases.TryAdd(resourceName, databaseName);
}
