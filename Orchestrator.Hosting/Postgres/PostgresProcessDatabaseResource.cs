using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Postgres;

/// <summary>A database on a <see cref="PostgresProcessServerResource"/>, created when the server is ready.</summary>
public sealed class PostgresProcessDatabaseResource(string name, string databaseName, PostgresProcessServerResource parent)
    : Resource(name), IResourceWithParent<PostgresProcessServerResource>, IResourceWithConnectionString
{
    public PostgresProcessServerResource Parent { get; } = parent;

    public string DatabaseName { get; } = databaseName;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");
}
