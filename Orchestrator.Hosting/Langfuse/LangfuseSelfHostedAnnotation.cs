using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Langfuse;

/// <summary>
/// Marks the <c>langfuse</c> connection string of container mode and names the parts behind it, so a
/// publisher can replace the whole set with its own form of a self-hosted Langfuse (on AWS: ECS Fargate
/// services, ElastiCache, S3 and a database on the shared RDS instance) instead of mapping each container.
/// </summary>
/// <param name="Web">The web container (UI and public API, port <see cref="LangfuseConventions.WebPort"/>).</param>
/// <param name="Worker">The worker container.</param>
/// <param name="ClickHouse">The ClickHouse container.</param>
/// <param name="Redis">The Redis container.</param>
/// <param name="BlobStore">The MinIO container (S3 in AWS).</param>
/// <param name="Database">The database resource on the shared PostgreSQL server.</param>
/// <param name="DatabaseName">The database's name.</param>
/// <param name="Parameters">The generated secrets of container mode (keys and passwords); a publisher generates its own.</param>
public sealed record LangfuseSelfHostedAnnotation(
    IResource Web,
    IResource Worker,
    IResource ClickHouse,
    IResource Redis,
    IResource BlobStore,
    IResource Database,
    string DatabaseName,
    IReadOnlyList<IResource> Parameters) : IResourceAnnotation
{
    /// <summary>Whether <paramref name="resource"/> is one of the parts.</summary>
    public bool Contains(IResource resource) =>
        ReferenceEquals(resource, Web) || ReferenceEquals(resource, Worker) || ReferenceEquals(resource, ClickHouse)
        || ReferenceEquals(resource, Redis) || ReferenceEquals(resource, BlobStore) || ReferenceEquals(resource, Database)
        || Parameters.Any(p => ReferenceEquals(p, resource));
}
