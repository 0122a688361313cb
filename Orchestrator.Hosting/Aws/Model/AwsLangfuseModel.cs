namespace Orchestrator.Hosting.Aws.Model;

/// <summary>
/// Langfuse self-hosted in the application stack: web and worker services, a ClickHouse task on EFS,
/// ElastiCache Redis, an S3 bucket, and its database on the shared PostgreSQL server.
/// </summary>
/// <param name="ResourceName">The connection string resource the services reference (<c>langfuse</c>).</param>
/// <param name="WebName">The web service's name; also its Cloud Map name.</param>
/// <param name="WorkerName">The worker service's name.</param>
/// <param name="ClickHouseName">The ClickHouse task's name; also its Cloud Map name.</param>
/// <param name="DatabaseName">The database on the shared server (created by Langfuse's migrations at first start).</param>
public sealed record AwsLangfuseModel(string ResourceName, string WebName, string WorkerName, string ClickHouseName, string DatabaseName);

/// <summary>The connection string of the self-hosted Langfuse (<c>Endpoint=…;PublicKey=…;SecretKey=…</c>).</summary>
public sealed record AwsLangfuseConnection : AwsValue;
