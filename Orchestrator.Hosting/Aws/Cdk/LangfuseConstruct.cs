using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Orchestrator.Hosting.Aws.Model;
using Orchestrator.Hosting.Langfuse;
using CdkAws = Amazon.CDK.Aws;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// Langfuse v3 self-hosted in the application stack: web and worker as Fargate services, ClickHouse on
/// EFS, ElastiCache Redis, an S3 bucket for event and media uploads, and its database on the shared
/// PostgreSQL server (created by Langfuse's own migrations at first start). The services that reference
/// Langfuse receive its connection string from Secrets Manager and reach the web service through Cloud Map.
/// </summary>
/// <remarks>
/// The web service is not behind the load balancer: the public API and UI stay inside the VPC, reached
/// by the services (and by an operator through ECS Exec or a bastion) at <see cref="WebUrl"/>.
/// </remarks>
internal sealed class LangfuseConstruct : Construct
{
    private readonly AwsLangfuseModel _langfuse;

    public LangfuseConstruct(Construct scope, string id, AwsDeploymentModel model, NetworkConstruct network, Cluster cluster, IPostgresDeployment database)
        : base(scope, id)
    {
        _langfuse = model.Langfuse!;
        var defaults = model.Defaults.Langfuse;
        var retain = model.Options.Profile.RetainData;
        WebUrl = $"http://{_langfuse.WebName}.{model.CloudMapNamespace}:{LangfuseConventions.WebPort}";

        var secrets = new LangfuseSecretsConstruct(this, "secrets", model);
        var redis = new LangfuseRedisConstruct(this, "redis", model, network, secrets.RedisAuthToken);
        var clickhouse = new LangfuseClickHouseConstruct(this, "clickhouse", model, network, cluster, secrets.ClickHousePassword);

        Bucket = new Bucket(this, "bucket", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            Versioned = true,
            LifecycleRules = [new LifecycleRule { NoncurrentVersionExpiration = Duration.Days(defaults.BucketNoncurrentVersionDays), AbortIncompleteMultipartUploadAfter = Duration.Days(1) }],
            RemovalPolicy = retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        Nag.Acknowledge(Bucket, "AwsSolutions-S1", "Only the Langfuse task roles write to this bucket; CloudTrail (opt-in) records the API calls, and server access logs would double the objects for little gain.");

        // Prisma wants a URL, not an Npgsql connection string; the RDS and ECS passwords exclude the URL's reserved characters.
        var port = database.Port.ToString(CultureInfo.InvariantCulture);
        var databaseUrl = secrets.Composed("database-url", "Langfuse's PostgreSQL URL (DATABASE_URL) on the shared server.", Fn.Join(string.Empty,
        [
            "postgresql://", database.Credentials.SecretValueFromJson("username").UnsafeUnwrap(), ":", database.Credentials.SecretValueFromJson("password").UnsafeUnwrap(),
            "@", database.Host, ":", port, "/", _langfuse.DatabaseName, "?sslmode=", database.SslMode.ToLowerInvariant(),
        ]));
        var redisUrl = secrets.Composed("redis-url", "Langfuse's Redis URL (REDIS_CONNECTION_STRING) with TLS and the AUTH token.", Fn.Join(string.Empty,
        [
            "rediss://:", secrets.RedisAuthToken.SecretValue.UnsafeUnwrap(), "@", redis.Host, ":", LangfuseRedisConstruct.Port.ToString(CultureInfo.InvariantCulture),
        ]));
        ConnectionString = secrets.Composed("connection-string", "The connection string the services use to reach Langfuse (ConnectionStrings__langfuse).", Fn.Join(string.Empty,
        [
            "Endpoint=", WebUrl, ";PublicKey=", secrets.PublicKey, ";SecretKey=", secrets.SecretKey,
        ]));

        var clickhouseHost = $"{_langfuse.ClickHouseName}.{model.CloudMapNamespace}";
        Dictionary<string, string> Environment() => new(StringComparer.Ordinal)
        {
            ["NEXTAUTH_URL"] = WebUrl,
            ["CLICKHOUSE_URL"] = $"http://{clickhouseHost}:{LangfuseConventions.ClickHouseHttpPort}",
            ["CLICKHOUSE_MIGRATION_URL"] = $"clickhouse://{clickhouseHost}:{LangfuseConventions.ClickHouseNativePort}",
            ["CLICKHOUSE_USER"] = LangfuseConventions.ClickHouseUser,
            ["CLICKHOUSE_CLUSTER_ENABLED"] = "false",
            // No access keys: the AWS SDK in the tasks signs with the task role.
            ["LANGFUSE_S3_EVENT_UPLOAD_BUCKET"] = Bucket.BucketName,
            ["LANGFUSE_S3_EVENT_UPLOAD_REGION"] = CdkAws.REGION,
            ["LANGFUSE_S3_EVENT_UPLOAD_PREFIX"] = "events/",
            ["LANGFUSE_S3_MEDIA_UPLOAD_BUCKET"] = Bucket.BucketName,
            ["LANGFUSE_S3_MEDIA_UPLOAD_REGION"] = CdkAws.REGION,
            ["LANGFUSE_S3_MEDIA_UPLOAD_PREFIX"] = "media/",
        };
        Dictionary<string, EcsSecret> Secrets() => new(StringComparer.Ordinal)
        {
            ["DATABASE_URL"] = EcsSecret.FromSecretsManager(databaseUrl),
            ["REDIS_CONNECTION_STRING"] = EcsSecret.FromSecretsManager(redisUrl),
            ["CLICKHOUSE_PASSWORD"] = EcsSecret.FromSecretsManager(secrets.ClickHousePassword),
            ["SALT"] = EcsSecret.FromSecretsManager(secrets.Salt),
            ["ENCRYPTION_KEY"] = EcsSecret.FromSecretsManager(secrets.EncryptionKey),
        };

        var webEnvironment = Environment();
        // Next.js listens on HOSTNAME, which ECS sets to the task's own name.
        webEnvironment["HOSTNAME"] = "0.0.0.0";
        foreach (var (key, value) in LangfuseConventions.InitialProject)
        {
            webEnvironment[key] = value;
        }

        var webSecrets = Secrets();
        webSecrets["NEXTAUTH_SECRET"] = EcsSecret.FromSecretsManager(secrets.NextAuthSecret);
        webSecrets["LANGFUSE_INIT_PROJECT_PUBLIC_KEY"] = EcsSecret.FromSecretsManager(secrets.ApiKeys, "publicKey");
        webSecrets["LANGFUSE_INIT_PROJECT_SECRET_KEY"] = EcsSecret.FromSecretsManager(secrets.ApiKeys, "secretKey");
        Web = new PublicImageServiceConstruct(this, new PublicImageService(
            _langfuse.WebName, defaults.WebImage, defaults.WebCpu, defaults.WebMemoryMiB, defaults.WebDesiredCount,
            [LangfuseConventions.WebPort], webEnvironment, webSecrets, MaxCount: defaults.WebMaxCount), model, network, cluster,
            $"{_langfuse.WebName}: ingress only from the services that send it traces, on port {LangfuseConventions.WebPort}");
        Worker = new PublicImageServiceConstruct(this, new PublicImageService(
            _langfuse.WorkerName, defaults.WorkerImage, defaults.WorkerCpu, defaults.WorkerMemoryMiB, defaults.WorkerDesiredCount,
            [LangfuseConventions.WorkerPort], Environment(), Secrets(), MaxCount: defaults.WorkerMaxCount), model, network, cluster,
            $"{_langfuse.WorkerName}: no ingress");

        foreach (var task in new[] { Web, Worker })
        {
            var name = task.Node.Id;
            SecurityGroupLinks.Allow(task.SecurityGroup, database.SecurityGroup, database.Port, $"{name} uses PostgreSQL");
            SecurityGroupLinks.Allow(task.SecurityGroup, clickhouse.Server.SecurityGroup, LangfuseConventions.ClickHouseHttpPort, $"{name} queries ClickHouse");
            SecurityGroupLinks.Allow(task.SecurityGroup, clickhouse.Server.SecurityGroup, LangfuseConventions.ClickHouseNativePort, $"{name} migrates ClickHouse");
            SecurityGroupLinks.Allow(task.SecurityGroup, redis.SecurityGroup, LangfuseRedisConstruct.Port, $"{name} uses Redis");
            GrantObjects(task.TaskDefinition);
        }
    }

    /// <summary>The URL of the web service inside the VPC (Cloud Map).</summary>
    public string WebUrl { get; }

    /// <summary><c>Endpoint=…;PublicKey=…;SecretKey=…</c>, as the services read it.</summary>
    public ISecret ConnectionString { get; }

    public IBucket Bucket { get; }

    public PublicImageServiceConstruct Web { get; }

    public PublicImageServiceConstruct Worker { get; }

    // The object actions Langfuse's S3 client uses, named one by one rather than CDK's wildcard grant.
    private void GrantObjects(FargateTaskDefinition task)
    {
        task.TaskRole.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "LangfuseObjects",
            Actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"],
            Resources = [Bucket.ArnForObjects("*")],
        }));
        task.TaskRole.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "LangfuseBucket",
            Actions = ["s3:ListBucket"],
            Resources = [Bucket.BucketArn],
        }));
        var bucketId = Stack.Of(this).Resolve(((CfnBucket)Bucket.Node.DefaultChild!).LogicalId);
        Nag.Acknowledge(task, $"AwsSolutions-IAM5[Resource::<{bucketId}.Arn>/*]", "Langfuse writes and reads objects under generated keys; the wildcard covers the objects of its own bucket only.");
    }

    /// <summary>Lets each service that references Langfuse reach the web service, and no other.</summary>
    public void AdmitCallers(IEnumerable<FargateServiceConstruct> services)
    {
        foreach (var service in services.Where(s => s.Model.UsesLangfuse))
        {
            SecurityGroupLinks.Allow(service.SecurityGroup, Web.SecurityGroup, LangfuseConventions.WebPort, $"{service.Model.Name} sends traces to {_langfuse.WebName}");
        }
    }
}
