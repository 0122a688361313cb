using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestrator.Hosting.Postgres;

namespace Orchestrator.Hosting.Langfuse;

/// <summary>
/// Langfuse v3 self-hosted beside the app: web and worker on the shared PostgreSQL (database
/// <c>langfuse</c>), ClickHouse for traces, Redis for queues, MinIO for event blobs. The headless
/// initialisation variables create an organisation, a project and its API keys at first start, so
/// the services can export to it with no clicks.
/// </summary>
internal static class LangfuseContainers
{
    private const string Version = "3";

    public static IResourceBuilder<IResourceWithConnectionString> Add(IDistributedApplicationBuilder builder, string name, OrchestratorPostgres postgres)
    {
        var database = postgres.AddDatabase($"{name}-db", LangfuseConventions.DatabaseName);
        var secret = (string purpose, int length) => builder.AddParameter(
            $"{name}-{purpose}", new GenerateParameterDefault { MinLength = length, Special = false, Upper = false }, secret: true, persist: true);
        var publicKey = secret("public-key", 24);
        var secretKey = secret("secret-key", 32);
        var clickhousePassword = secret("clickhouse-password", 24);
        var redisPassword = secret("redis-password", 24);
        var minioPassword = secret("minio-password", 24);
        var nextAuthSecret = secret("nextauth-secret", 32);
        var salt = secret("salt", 32);
        // ENCRYPTION_KEY must be 64 hex characters: lower-case letters and digits are not enough,
        // so it is generated from digits only, which are valid hex.
        var encryptionKey = builder.AddParameter($"{name}-encryption-key",
            new GenerateParameterDefault { MinLength = 64, Lower = false, Upper = false, Special = false }, secret: true, persist: true);

        var clickhouse = builder.AddContainer($"{name}-clickhouse", "clickhouse/clickhouse-server", "24.12")
            .WithEnvironment("CLICKHOUSE_USER", LangfuseConventions.ClickHouseUser)
            .WithEnvironment("CLICKHOUSE_PASSWORD", clickhousePassword)
            .WithHttpEndpoint(targetPort: LangfuseConventions.ClickHouseHttpPort, name: "http")
            .WithEndpoint(targetPort: LangfuseConventions.ClickHouseNativePort, name: "native", scheme: "tcp")
            .WithVolume($"{name}-clickhouse-data", "/var/lib/clickhouse");
        var redis = builder.AddContainer($"{name}-redis", "redis", "7")
            .WithArgs(context =>
            {
                context.Args.Add("--requirepass");
                context.Args.Add(redisPassword.Resource);
            })
            .WithEndpoint(targetPort: 6379, name: "tcp", scheme: "tcp");
        var minio = builder.AddContainer($"{name}-minio", "minio/minio", "latest")
            .WithArgs("server", "/data")
            .WithEnvironment("MINIO_ROOT_USER", "minio")
            .WithEnvironment("MINIO_ROOT_PASSWORD", minioPassword)
            .WithHttpEndpoint(targetPort: 9000, name: "http")
            .WithVolume($"{name}-minio-data", "/data");

        var clickhouseHttp = clickhouse.GetEndpoint("http");
        var clickhouseNative = clickhouse.GetEndpoint("native");
        var redisEndpoint = redis.GetEndpoint("tcp");
        var minioEndpoint = minio.GetEndpoint("http");

        void Common(IResourceBuilder<ContainerResource> container) => container
            // Langfuse (Prisma) wants a postgresql:// URL rather than an Npgsql connection string.
            .WithEnvironment("DATABASE_URL", ReferenceExpression.Create(
                $"postgresql://postgres:{postgres.Password}@{postgres.Endpoint.Property(EndpointProperty.Host)}:{postgres.Endpoint.Property(EndpointProperty.Port)}/{LangfuseConventions.DatabaseName}"))
            .WithEnvironment("SALT", salt)
            .WithEnvironment("ENCRYPTION_KEY", encryptionKey)
            .WithEnvironment("CLICKHOUSE_URL", ReferenceExpression.Create($"http://{clickhouseHttp.Property(EndpointProperty.Host)}:{clickhouseHttp.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("CLICKHOUSE_MIGRATION_URL", ReferenceExpression.Create($"clickhouse://{clickhouseNative.Property(EndpointProperty.Host)}:{clickhouseNative.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("CLICKHOUSE_USER", LangfuseConventions.ClickHouseUser)
            .WithEnvironment("CLICKHOUSE_PASSWORD", clickhousePassword)
            .WithEnvironment("CLICKHOUSE_CLUSTER_ENABLED", "false")
            .WithEnvironment("REDIS_HOST", redisEndpoint.Property(EndpointProperty.Host))
            .WithEnvironment("REDIS_PORT", redisEndpoint.Property(EndpointProperty.TargetPort))
            .WithEnvironment("REDIS_AUTH", redisPassword)
            .WithEnvironment("LANGFUSE_S3_EVENT_UPLOAD_BUCKET", "langfuse")
            .WithEnvironment("LANGFUSE_S3_EVENT_UPLOAD_REGION", "auto")
            .WithEnvironment("LANGFUSE_S3_EVENT_UPLOAD_ACCESS_KEY_ID", "minio")
            .WithEnvironment("LANGFUSE_S3_EVENT_UPLOAD_SECRET_ACCESS_KEY", minioPassword)
            .WithEnvironment("LANGFUSE_S3_EVENT_UPLOAD_ENDPOINT", ReferenceExpression.Create($"http://{minioEndpoint.Property(EndpointProperty.Host)}:{minioEndpoint.Property(EndpointProperty.TargetPort)}"))
            .WithEnvironment("LANGFUSE_S3_EVENT_UPLOAD_FORCE_PATH_STYLE", "true")
            .WaitFor(database).WaitFor(clickhouse).WaitFor(redis).WaitFor(minio);

        var web = builder.AddContainer($"{name}-web", "langfuse/langfuse", Version)
            .WithHttpEndpoint(targetPort: LangfuseConventions.WebPort, name: "http")
            .WithEnvironment("NEXTAUTH_SECRET", nextAuthSecret)
            .WithEnvironment(context =>
            {
                foreach (var (key, value) in LangfuseConventions.InitialProject)
                {
                    context.EnvironmentVariables[key] = value;
                }
            })
            .WithEnvironment("LANGFUSE_INIT_PROJECT_PUBLIC_KEY", ReferenceExpression.Create($"{LangfuseConventions.PublicKeyPrefix}{publicKey}"))
            .WithEnvironment("LANGFUSE_INIT_PROJECT_SECRET_KEY", ReferenceExpression.Create($"{LangfuseConventions.SecretKeyPrefix}{secretKey}"))
            .WithHttpHealthCheck(LangfuseConventions.HealthPath);
        web.WithEnvironment("NEXTAUTH_URL", web.GetEndpoint("http"));
        Common(web);

        var worker = builder.AddContainer($"{name}-worker", "langfuse/langfuse-worker", Version)
            .WithHttpEndpoint(targetPort: LangfuseConventions.WorkerPort, name: "http");
        Common(worker);

        var endpoint = web.GetEndpoint("http");
        return builder.AddConnectionString(name, ReferenceExpression.Create(
                $"Endpoint={endpoint};PublicKey={LangfuseConventions.PublicKeyPrefix}{publicKey};SecretKey={LangfuseConventions.SecretKeyPrefix}{secretKey}"))
            // On publish the set is replaced as a whole (e.g. by ECS services, ElastiCache and S3 on AWS).
            .WithAnnotation(new LangfuseSelfHostedAnnotation(
                web.Resource, worker.Resource, clickhouse.Resource, redis.Resource, minio.Resource, database.Resource, LangfuseConventions.DatabaseName,
                [publicKey.Resource, secretKey.Resource, clickhousePassword.Resource, redisPassword.Resource, minioPassword.Resource, nextAuthSecret.Resource, salt.Resource, encryptionKey.Resource]));
    }
}
