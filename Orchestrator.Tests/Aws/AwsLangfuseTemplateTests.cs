using System.Text.Json;
using Amazon.CDK.Assertions;

namespace Orchestrator.Tests.Aws;

/// <summary>Container-mode Langfuse published as a self-hosted Langfuse in the application stack.</summary>
[Collection(AwsCdkTestGroup.Name)]
public sealed class AwsLangfuseTemplateTests(AwsLangfuseSelfHostedPublishFixture fixture) : IClassFixture<AwsLangfuseSelfHostedPublishFixture>
{
    private const string Prefix = "multi-agent-orchestrator-dev";

    private Template App => fixture.Application;

    [Fact]
    public void Web_ServiceRunsPinnedImageOnCloudMapWithSecretsInjected()
    {
        var web = Container("langfuse-web");
        Assert.Equal("langfuse/langfuse:3", web.GetProperty("Image").GetString());
        Assert.Equal(3000, web.GetProperty("PortMappings")[0].GetProperty("ContainerPort").GetInt32());
        Assert.Equal("http://langfuse-web.multi-agent-orchestrator.local:3000", Env(web, "NEXTAUTH_URL"));
        Assert.Equal("0.0.0.0", Env(web, "HOSTNAME"));
        Assert.Equal("orchestrator", Env(web, "LANGFUSE_INIT_PROJECT_ID"));
        Assert.Equal("http://langfuse-clickhouse.multi-agent-orchestrator.local:8123", Env(web, "CLICKHOUSE_URL"));
        Assert.Equal("clickhouse://langfuse-clickhouse.multi-agent-orchestrator.local:9000", Env(web, "CLICKHOUSE_MIGRATION_URL"));
        var secrets = Secrets(web);
        foreach (var name in new[] { "DATABASE_URL", "REDIS_CONNECTION_STRING", "CLICKHOUSE_PASSWORD", "SALT", "ENCRYPTION_KEY", "NEXTAUTH_SECRET" })
        {
            Assert.True(secrets.ContainsKey(name), $"{name} is not an ECS secret of langfuse-web");
        }

        Assert.EndsWith(":publicKey::\"]]}", secrets["LANGFUSE_INIT_PROJECT_PUBLIC_KEY"].Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("secretKey::", secrets["LANGFUSE_INIT_PROJECT_SECRET_KEY"], StringComparison.Ordinal);
        App.HasResourceProperties("AWS::ECS::Service", Match.ObjectLike(Props(
            ("ServiceName", $"{Prefix}-langfuse-web"),
            ("DesiredCount", 1),
            ("DeploymentConfiguration", Match.ObjectLike(Props(("DeploymentCircuitBreaker", Props(("Enable", true), ("Rollback", true)))))),
            ("ServiceRegistries", Match.AnyValue()))));
        App.HasResourceProperties("AWS::ServiceDiscovery::Service", Match.ObjectLike(Props(("Name", "langfuse-web"))));
    }

    [Fact]
    public void Worker_ServiceRunsPinnedImageWithTheSameStoresAndNoInitKeys()
    {
        var worker = Container("langfuse-worker");
        Assert.Equal("langfuse/langfuse-worker:3", worker.GetProperty("Image").GetString());
        Assert.Equal(Bucket(Container("langfuse-web")), Bucket(worker));
        var secrets = Secrets(worker);
        Assert.Subset(secrets.Keys.ToHashSet(), new HashSet<string> { "DATABASE_URL", "REDIS_CONNECTION_STRING", "CLICKHOUSE_PASSWORD", "SALT", "ENCRYPTION_KEY" });
        Assert.DoesNotContain("LANGFUSE_INIT_PROJECT_SECRET_KEY", secrets.Keys);
        Assert.Null(Env(worker, "LANGFUSE_INIT_PROJECT_ID"));
        App.HasResourceProperties("AWS::ECS::Service", Match.ObjectLike(Props(("ServiceName", $"{Prefix}-langfuse-worker"))));
    }

    [Fact]
    public void ClickHouse_OneStopFirstTaskOnEncryptedEfsThroughAnAccessPoint()
    {
        var clickhouse = Container("langfuse-clickhouse");
        Assert.Equal("clickhouse/clickhouse-server:24.12", clickhouse.GetProperty("Image").GetString());
        Assert.Equal("/var/lib/clickhouse", clickhouse.GetProperty("MountPoints")[0].GetProperty("ContainerPath").GetString());
        Assert.Contains("CLICKHOUSE_PASSWORD", Secrets(clickhouse).Keys);
        App.HasResourceProperties("AWS::ECS::TaskDefinition", Match.ObjectLike(Props(
            ("Family", $"{Prefix}-langfuse-clickhouse"),
            ("Volumes", new object[] { Match.ObjectLike(Props(("Name", "clickhouse-data"), ("EFSVolumeConfiguration", Match.ObjectLike(Props(
                ("TransitEncryption", "ENABLED"), ("AuthorizationConfig", Match.ObjectLike(Props(("IAM", "ENABLED"))))))))) }))));
        App.HasResourceProperties("AWS::EFS::FileSystem", Match.ObjectLike(Props(("Encrypted", true))));
        App.HasResourceProperties("AWS::EFS::AccessPoint", Match.ObjectLike(Props(
            ("PosixUser", Props(("Uid", "101"), ("Gid", "101"))),
            ("RootDirectory", Match.ObjectLike(Props(("Path", "/clickhouse")))))));
        App.ResourceCountIs("AWS::EFS::MountTarget", 2);
        App.HasResourceProperties("AWS::ECS::Service", Match.ObjectLike(Props(
            ("ServiceName", $"{Prefix}-langfuse-clickhouse"),
            ("DesiredCount", 1),
            ("DeploymentConfiguration", Match.ObjectLike(Props(("MinimumHealthyPercent", 0), ("MaximumPercent", 100)))))));
        Assert.Contains("\"Description\": \"ClickHouse data over NFS\"", fixture.ApplicationJson, StringComparison.Ordinal);
        Assert.Equal(["langfuse-web queries ClickHouse", "langfuse-worker queries ClickHouse"], IngressOn(8123));
        Assert.Equal(["langfuse-web migrates ClickHouse", "langfuse-worker migrates ClickHouse"], IngressOn(9000));
    }

    [Fact]
    public void Scaling_WebAndWorkerOnCpuAndMemoryUpToFourTasksAndClickHouseStaysOne()
    {
        var targets = LangfuseScaling.Targets(App);

        Assert.Equal(["web", "worker"], targets.Keys.Order(StringComparer.Ordinal));
        Assert.All(targets.Values, t => Assert.Equal((1L, 4L), t));
        Assert.Equal(4, LangfuseScaling.Policies(App));
    }

    [Fact]
    public void Redis_EncryptedReplicationGroupInPrivateSubnetsReachableOnlyFromLangfuseTasks()
    {
        App.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", Match.ObjectLike(Props(
            ("Engine", "redis"),
            ("EngineVersion", "7.1"),
            ("CacheNodeType", "cache.t4g.micro"),
            ("NumCacheClusters", 1),
            ("TransitEncryptionEnabled", true),
            ("AtRestEncryptionEnabled", true),
            ("AuthToken", Match.AnyValue()))));
        App.HasResourceProperties("AWS::ElastiCache::ParameterGroup", Match.ObjectLike(Props(("Properties", Props(("maxmemory-policy", "noeviction"))))));
        App.ResourceCountIs("AWS::ElastiCache::SubnetGroup", 1);
        var group = App.FindResources("AWS::ElastiCache::ReplicationGroup").Values.Single();
        var token = JsonSerializer.Serialize(((Dictionary<string, object>)group["Properties"])["AuthToken"]);
        Assert.Contains("{{resolve:secretsmanager:", token, StringComparison.Ordinal);

        Assert.Equal(["langfuse-web uses Redis", "langfuse-worker uses Redis"], IngressOn(6379));
    }

    [Fact]
    public void Bucket_EncryptedVersionedPrivateSslOnlyAndGrantedToTheTaskRoles()
    {
        var bucket = App.FindResources("AWS::S3::Bucket").Single(b => b.Key.StartsWith("langfusebucket", StringComparison.Ordinal));
        var json = JsonSerializer.Serialize(bucket.Value);
        Assert.Contains("\"Status\":\"Enabled\"", json, StringComparison.Ordinal);
        Assert.Contains("\"SSEAlgorithm\":\"AES256\"", json, StringComparison.Ordinal);
        App.HasResourceProperties("AWS::S3::Bucket", Match.ObjectLike(Props(
            ("PublicAccessBlockConfiguration", Props(("BlockPublicAcls", true), ("BlockPublicPolicy", true), ("IgnorePublicAcls", true), ("RestrictPublicBuckets", true))))));
        App.HasResourceProperties("AWS::S3::BucketPolicy", Match.ObjectLike(Props(("Bucket", Props(("Ref", bucket.Key))), ("PolicyDocument", Match.ObjectLike(Props(("Statement", Match.ArrayWith([Match.ObjectLike(Props(
            ("Effect", "Deny"), ("Condition", Props(("Bool", Props(("aws:SecureTransport", "false"))))))) ]))))))));
        var policies = App.FindResources("AWS::IAM::Policy").Values.Select(p => JsonSerializer.Serialize(p)).ToList();
        foreach (var task in new[] { "web", "worker" })
        {
            Assert.Contains(policies, p => p.Contains($"\"langfuselangfuse{task}taskTaskRole", StringComparison.Ordinal)
                && p.Contains("\"Action\":[\"s3:GetObject\",\"s3:PutObject\",\"s3:DeleteObject\",\"s3:AbortMultipartUpload\"]", StringComparison.Ordinal)
                && p.Contains(bucket.Key, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(policies, p => p.Contains("\"s3:*", StringComparison.Ordinal) || p.Contains("s3:GetObject*", StringComparison.Ordinal));

        Assert.Equal($"{{\"Ref\":\"{bucket.Key}\"}}", Bucket(Container("langfuse-web")));
    }

    [Fact]
    public void Database_LangfuseDatabaseOnTheSharedRdsThroughAComposedSecret()
    {
        App.ResourceCountIs("AWS::RDS::DBInstance", 1);
        App.HasResourceProperties("AWS::RDS::DBInstance", Match.ObjectLike(Props(("DBName", "orchestrator"))));
        var url = SecretString($"{Prefix}/langfuse/database-url");
        Assert.StartsWith("{\"Fn::Join\":[\"\",[\"postgresql://{{resolve:secretsmanager:", url, StringComparison.Ordinal);
        Assert.EndsWith("\":5432/langfuse?sslmode=require\"]]}", url, StringComparison.Ordinal);
        Assert.Contains("Endpoint.Address", url, StringComparison.Ordinal);
        foreach (var caller in new[] { "langfuse-web", "langfuse-worker" })
        {
            App.HasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.ObjectLike(Props(("Description", $"{caller} uses PostgreSQL"), ("FromPort", 5432))));
        }
    }

    [Fact]
    public void Services_ReceiveTheLangfuseConnectionStringFromSecretsManagerAndReachOnlyTheWebService()
    {
        var connection = SecretString($"{Prefix}/langfuse/connection-string");
        Assert.StartsWith("{\"Fn::Join\":[\"\",[\"Endpoint=http://langfuse-web.multi-agent-orchestrator.local:3000;PublicKey=pk-lf-{{resolve:secretsmanager:", connection, StringComparison.Ordinal);
        Assert.Contains(";SecretKey=sk-lf-{{resolve:secretsmanager:", connection, StringComparison.Ordinal);
        var secretId = App.FindResources("AWS::SecretsManager::Secret").Single(s => JsonSerializer.Serialize(s.Value).Contains($"\"{Prefix}/langfuse/connection-string\"", StringComparison.Ordinal)).Key;
        foreach (var service in new[] { "cortex", "graph", "agentcore" })
        {
            var secrets = Secrets(Container(service));
            Assert.Equal($"{{\"Ref\":\"{secretId}\"}}", secrets["ConnectionStrings__langfuse"]);
            App.HasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.ObjectLike(Props(("Description", $"{service} sends traces to langfuse-web"), ("FromPort", 3000), ("ToPort", 3000))));
        }

        Assert.DoesNotContain("sends traces to langfuse-worker", fixture.ApplicationJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_GeneratedBySecretsManagerWithAHexEncryptionKey()
    {
        var generated = App.FindResources("AWS::SecretsManager::Secret").Values.Select(s => (Dictionary<string, object>)s["Properties"])
            .Where(p => p.ContainsKey("GenerateSecretString"))
            .ToDictionary(p => (string)p["Name"], p => JsonSerializer.Serialize(p["GenerateSecretString"]));
        foreach (var name in new[] { "nextauth-secret", "salt", "encryption-key", "clickhouse-password", "redis-auth-token", "public-key-value", "secret-key-value" })
        {
            Assert.True(generated.ContainsKey($"{Prefix}/langfuse/{name}"), $"{name} is not generated by Secrets Manager");
        }

        foreach (var task in new[] { "langfuse-web", "langfuse-worker", "langfuse-clickhouse" })
        {
            var plain = Container(task).GetProperty("Environment").EnumerateArray().Select(e => e.GetProperty("Name").GetString()!);
            Assert.Empty(plain.Intersect(["DATABASE_URL", "REDIS_CONNECTION_STRING", "CLICKHOUSE_PASSWORD", "SALT", "ENCRYPTION_KEY", "NEXTAUTH_SECRET", "LANGFUSE_INIT_PROJECT_SECRET_KEY", "LANGFUSE_INIT_PROJECT_PUBLIC_KEY"]));
        }

        var key = generated[$"{Prefix}/langfuse/encryption-key"];
        Assert.Contains("\"PasswordLength\":64", key, StringComparison.Ordinal);
        Assert.Contains("\"ExcludeCharacters\":\"ghijklmnopqrstuvwxyz\"", key, StringComparison.Ordinal);
        Assert.Contains("\"ExcludeUppercase\":true", key, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_GroupPerLangfuseTaskWithRetention()
    {
        foreach (var task in new[] { "langfuse-web", "langfuse-worker", "langfuse-clickhouse" })
        {
            App.HasResourceProperties("AWS::Logs::LogGroup", Props(("LogGroupName", $"/ecs/{Prefix}-{task}"), ("RetentionInDays", 30)));
        }
    }

    [Fact]
    public void CostEstimate_PricesTheLangfuseTasksCacheAndStorage()
    {
        var report = File.ReadAllText(Path.Combine(fixture.OutputDirectory, "cost-estimate.md"));
        foreach (var line in new[] { "| Fargate: langfuse-web |", "| Fargate: langfuse-worker |", "| Fargate: langfuse-clickhouse |", "| ElastiCache Redis cache.t4g.micro (Langfuse) |", "| EFS storage (Langfuse ClickHouse) |", "| S3 storage (Langfuse events and media) |" })
        {
            Assert.Contains(line, report, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void DeployReadme_TellsWhereLangfuseAndItsKeysAre()
    {
        var readme = File.ReadAllText(Path.Combine(fixture.OutputDirectory, "README.md"));
        Assert.Contains("`http://langfuse-web.multi-agent-orchestrator.local:3000`", readme, StringComparison.Ordinal);
        Assert.Contains($"--secret-id {Prefix}/langfuse/api-keys", readme, StringComparison.Ordinal);
    }

    private List<string> IngressOn(int port) => [.. App.FindResources("AWS::EC2::SecurityGroupIngress").Values
        .Select(r => (Dictionary<string, object>)r["Properties"])
        .Where(p => p.TryGetValue("FromPort", out var from) && Convert.ToInt32(from, System.Globalization.CultureInfo.InvariantCulture) == port)
        .Select(p => (string)p["Description"])
        .Order(StringComparer.Ordinal)];

    private string SecretString(string name)
    {
        var secret = App.FindResources("AWS::SecretsManager::Secret").Values.Select(s => (Dictionary<string, object>)s["Properties"]).Single(p => (string)p["Name"] == name);
        return JsonSerializer.Serialize(secret["SecretString"]);
    }

    private static string Bucket(JsonElement container) => JsonSerializer.Serialize(
        container.GetProperty("Environment").EnumerateArray().Single(e => e.GetProperty("Name").GetString() == "LANGFUSE_S3_EVENT_UPLOAD_BUCKET").GetProperty("Value"));

    private JsonElement Container(string service)
    {
        using var document = JsonDocument.Parse(fixture.ApplicationJson);
        var task = document.RootElement.GetProperty("Resources").EnumerateObject()
            .Select(r => r.Value)
            .Single(r => r.GetProperty("Type").GetString() == "AWS::ECS::TaskDefinition"
                && r.GetProperty("Properties").GetProperty("Family").GetString() == $"{Prefix}-{service}");
        return task.GetProperty("Properties").GetProperty("ContainerDefinitions")[0].Clone();
    }

    private static string? Env(JsonElement container, string name) =>
        container.GetProperty("Environment").EnumerateArray().SingleOrDefault(e => e.GetProperty("Name").GetString() == name) is { ValueKind: JsonValueKind.Object } e
            ? e.GetProperty("Value").GetString()
            : null;

    private static Dictionary<string, string> Secrets(JsonElement container) =>
        container.GetProperty("Secrets").EnumerateArray().ToDictionary(s => s.GetProperty("Name").GetString()!, s => s.GetProperty("ValueFrom").GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Replace("\r", string.Empty, StringComparison.Ordinal));

    private static Dictionary<string, object> Props(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
