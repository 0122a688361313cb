using System.Text.Json;
using Amazon.CDK.Assertions;

namespace Orchestrator.Tests.Aws;

[Collection(AwsCdkTestGroup.Name)]
public sealed partial class AwsDevTemplateTests(AwsDevPublishFixture fixture) : IClassFixture<AwsDevPublishFixture>
{
    private Template App => fixture.Application;

    [Fact]
    public void Registry_Repositories_ScanOnPushAes256KeepLastTen()
    {
        fixture.Registry.ResourceCountIs("AWS::ECR::Repository", 3);
        foreach (var service in new[] { "cortex", "graph", "agentcore" })
        {
            fixture.Registry.HasResourceProperties("AWS::ECR::Repository", Match.ObjectLike(Props(
                ("RepositoryName", $"multi-agent-orchestrator-dev-{service}"),
                ("ImageScanningConfiguration", Props(("ScanOnPush", true))),
                ("EncryptionConfiguration", Props(("EncryptionType", "AES256"))),
                ("LifecyclePolicy", Match.ObjectLike(Props(("LifecyclePolicyText", Match.StringLikeRegexp("countNumber.:10"))))))));
        }
    }

    [Fact]
    public void Registry_ArtifactsBucket_VersionedEncryptedPrivate()
    {
        fixture.Registry.HasResourceProperties("AWS::S3::Bucket", Match.ObjectLike(Props(
            ("VersioningConfiguration", Props(("Status", "Enabled"))),
            ("BucketEncryption", Match.AnyValue()),
            ("PublicAccessBlockConfiguration", Props(("BlockPublicAcls", true), ("BlockPublicPolicy", true), ("IgnorePublicAcls", true), ("RestrictPublicBuckets", true))))));
    }

    [Fact]
    public void Network_VpcTwoAzs_PublicPrivateSubnetsIgwTwoNats()
    {
        App.HasResourceProperties("AWS::EC2::VPC", Props(("CidrBlock", "10.0.0.0/16")));
        App.ResourceCountIs("AWS::EC2::Subnet", 4);
        App.ResourceCountIs("AWS::EC2::NatGateway", 2);
        App.ResourceCountIs("AWS::EC2::InternetGateway", 1);
        App.ResourceCountIs("AWS::EC2::RouteTable", 4);
    }

    [Fact]
    public void Cluster_ContainerInsightsFargateAndSpot_CloudMapNamespace()
    {
        App.HasResourceProperties("AWS::ECS::Cluster", Match.ObjectLike(Props(
            ("ClusterName", "multi-agent-orchestrator-dev"),
            ("ClusterSettings", new object[] { Props(("Name", "containerInsights"), ("Value", "enabled")) }))));
        App.HasResourceProperties("AWS::ECS::ClusterCapacityProviderAssociations", Match.ObjectLike(Props(
            ("CapacityProviders", new object[] { "FARGATE", "FARGATE_SPOT" }))));
        App.HasResourceProperties("AWS::ServiceDiscovery::PrivateDnsNamespace", Props(("Name", "multi-agent-orchestrator.local")));
    }

    [Theory]
    [InlineData("cortex", 3, 8002)]
    [InlineData("graph", 2, 8001)]
    [InlineData("agentcore", 2, 8080)]
    public void Service_DesiredCountPortCircuitBreaker_FromTheModel(string service, int desired, int port)
    {
        App.HasResourceProperties("AWS::ECS::Service", Match.ObjectLike(Props(
            ("ServiceName", $"multi-agent-orchestrator-dev-{service}"),
            ("DesiredCount", desired),
            ("DeploymentConfiguration", Match.ObjectLike(Props(("DeploymentCircuitBreaker", Props(("Enable", true), ("Rollback", true)))))),
            ("NetworkConfiguration", Match.ObjectLike(Props(("AwsvpcConfiguration", Match.ObjectLike(Props(("AssignPublicIp", "DISABLED"))))))),
            ("ServiceRegistries", Match.AnyValue()))));
        App.HasResourceProperties("AWS::ECS::TaskDefinition", Match.ObjectLike(Props(
            ("Family", $"multi-agent-orchestrator-dev-{service}"),
            ("Cpu", "1024"),
            ("Memory", "2048"),
            ("RuntimePlatform", Props(("CpuArchitecture", "ARM64"), ("OperatingSystemFamily", "LINUX"))),
            ("ContainerDefinitions", new object[] { Match.ObjectLike(Props(
                ("PortMappings", new object[] { Match.ObjectLike(Props(("ContainerPort", port))) }),
                ("Image", Match.AnyValue()))) }))));
    }

    [Fact]
    public void Graph_References_ReachItThroughCloudMapAndSecrets()
    {
        var graph = Container("graph");
        Assert.Equal("http://cortex.multi-agent-orchestrator.local:8002", Env(graph, "services__cortex__http__0"));
        Assert.Equal("8001", Env(graph, "ASPNETCORE_HTTP_PORTS"));
        var secrets = Secrets(graph);
        Assert.Contains("ConnectionStrings__orchestrator-db", secrets);
        Assert.Contains("ConnectionStrings__chat-model", secrets);
        Assert.DoesNotContain(graph.GetProperty("Environment").EnumerateArray(), e => e.GetProperty("Name").GetString()!.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
    }

    [Fact]
    public void Cortex_Parameters_SecretToSecretsManagerOtherToSsm()
    {
        var cortex = Container("cortex");
        var secrets = cortex.GetProperty("Secrets").EnumerateArray().ToDictionary(s => s.GetProperty("Name").GetString()!, s => s.GetProperty("ValueFrom").GetRawText());
        Assert.Contains("settingssnowflakeprivatekey", secrets["Snowflake__PrivateKey"], StringComparison.Ordinal);
        Assert.Contains(":ssm:", secrets["Snowflake__Account"], StringComparison.Ordinal);
        Assert.DoesNotContain(cortex.GetProperty("Environment").EnumerateArray(), e => e.GetProperty("Name").GetString()!.StartsWith("WAREHOUSE_DB", StringComparison.Ordinal));
        fixture.Registry.HasResourceProperties("AWS::SSM::Parameter", Match.ObjectLike(Props(("Name", "/multi-agent-orchestrator-dev/snowflake-account"))));
        fixture.Registry.HasResourceProperties("AWS::SecretsManager::Secret", Match.ObjectLike(Props(("Name", "multi-agent-orchestrator-dev/snowflake-private-key"))));
        fixture.Registry.HasParameter("SettingSnowflakeAccount", Match.ObjectLike(Props(("Default", "myorg-myaccount"))));
        // Used from the registry stack, where the deploy step writes the value first.
        Assert.Contains("Fn::ImportValue", secrets["Snowflake__PrivateKey"], StringComparison.Ordinal);
    }

    [Fact]
    public void Database_RdsPostgresEncryptedBackedUpTlsOnly()
    {
        App.HasResourceProperties("AWS::RDS::DBInstance", Match.ObjectLike(Props(
            ("Engine", "postgres"),
            ("EngineVersion", "16.4"),
            ("StorageEncrypted", true),
            ("BackupRetentionPeriod", 7),
            ("MultiAZ", false),
            ("DeletionProtection", false),
            ("DBName", "orchestrator"),
            ("PubliclyAccessible", false))));
        App.HasResourceProperties("AWS::RDS::DBParameterGroup", Match.ObjectLike(Props(("Parameters", Props(("rds.force_ssl", "1"))))));
        App.HasResourceProperties("AWS::SecretsManager::Secret", Match.ObjectLike(Props(("Name", "multi-agent-orchestrator-dev/postgres/credentials"))));
    }

    [Fact]
    public void Database_SecurityGroup_AdmitsOnlyTheServicesThatUseIt()
    {
        var json = fixture.ApplicationJson;
        Assert.Contains("\"Description\": \"graph uses PostgreSQL\"", json, StringComparison.Ordinal);
        Assert.Contains("\"Description\": \"agentcore uses PostgreSQL\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Description\": \"cortex uses PostgreSQL\"", json, StringComparison.Ordinal);
        App.HasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.ObjectLike(Props(("Description", "graph calls cortex"), ("FromPort", 8002), ("ToPort", 8002))));
        App.HasResourceProperties("AWS::EC2::SecurityGroupIngress", Match.ObjectLike(Props(("Description", "Load balancer to agentcore"), ("FromPort", 8080))));
        Assert.DoesNotContain("\"Description\": \"agentcore calls cortex\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Logs_GroupPerServiceWithSeedNames()
    {
        foreach (var service in new[] { "cortex", "graph", "agentcore" })
        {
            App.HasResourceProperties("AWS::Logs::LogGroup", Props(("LogGroupName", $"/ecs/multi-agent-orchestrator-dev-{service}"), ("RetentionInDays", 30)));
        }
    }

    [Fact]
    public void LoadBalancer_AgentCoreHealthChecked()
    {
        App.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.ObjectLike(Props(("Scheme", "internet-facing"))));
        App.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", Match.ObjectLike(Props(
            ("Port", 8080), ("TargetType", "ip"), ("HealthCheckPath", "/health"))));
        App.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(Props(("Port", 80), ("Protocol", "HTTP"))));
    }

    [Fact]
    public void Autoscaling_TwoToTenOnCpuMemoryAndRequests()
    {
        App.ResourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 3);
        App.HasResourceProperties("AWS::ApplicationAutoScaling::ScalableTarget", Match.ObjectLike(Props(("MinCapacity", 2), ("MaxCapacity", 10))));
        foreach (var metric in new[] { "ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget" })
        {
            App.HasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", Match.ObjectLike(Props(
                ("TargetTrackingScalingPolicyConfiguration", Match.ObjectLike(Props(("PredefinedMetricSpecification", Match.ObjectLike(Props(("PredefinedMetricType", metric))))))))));
        }
    }

    [Fact]
    public void Alarms_EveryChecklistAlarmNotifiesTheTopic()
    {
        var alarms = App.FindResources("AWS::CloudWatch::Alarm");
        var descriptions = alarms.Values.Select(a => JsonSerializer.Serialize(a)).ToList();
        foreach (var expected in new[] { "cortex: CPU above 80 %", "graph: memory above 80 %", "agentcore: fewer tasks running than desired", "agentcore: unhealthy targets", "5xx", "PostgreSQL: CPU above 80 %", "PostgreSQL: less than 2 GiB free", "PostgreSQL: more than 300 connections" })
        {
            Assert.Contains(descriptions, d => d.Contains(expected, StringComparison.Ordinal));
        }

        Assert.All(descriptions, d => Assert.Contains("AlarmActions", d, StringComparison.Ordinal));
        App.HasResourceProperties("AWS::SNS::Topic", Match.ObjectLike(Props(("KmsMasterKeyId", Match.AnyValue()))));
    }

    [Fact]
    public void TaskRole_Bedrock_ScopedToConfiguredModels()
    {
        var json = fixture.ApplicationJson;
        Assert.Contains(":inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0", json, StringComparison.Ordinal);
        Assert.Contains(":bedrock:*::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0", json, StringComparison.Ordinal);
        Assert.Contains("::foundation-model/amazon.titan-embed-text-v2:0", json, StringComparison.Ordinal);
        Assert.DoesNotContain("foundation-model/*", json, StringComparison.Ordinal);
        App.HasResourceProperties("AWS::IAM::Policy", Match.ObjectLike(Props(("PolicyDocument", Match.ObjectLike(Props(
            ("Statement", Match.ArrayWith([Match.ObjectLike(Props(("Sid", "InvokeConfiguredBedrockModels"), ("Action", new object[] { "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream" })))]))))))));
    }

    [Fact]
    public void Tags_CostAllocationOnResources()
    {
        App.HasResourceProperties("AWS::ECS::Cluster", Match.ObjectLike(Props(("Tags", Match.ArrayWith([
            Props(("Key", "Application"), ("Value", "multi-agent-orchestrator")),
            Props(("Key", "CostCenter"), ("Value", "multi-agent-orchestrator")),
            Props(("Key", "Environment"), ("Value", "dev"))])))));
    }

    [Fact]
    public void ApplicationStack_ImageTag_IsAParameterOfTheImages()
    {
        App.HasParameter("ImageTag", Match.ObjectLike(Props(("Type", "String"))));
        Assert.Contains("\"Ref\": \"ImageTag\"", fixture.ApplicationJson, StringComparison.Ordinal);
        Assert.True(fixture.ApplicationJson.Length > 51_200, "The application template is expected to need the artifacts bucket.");
    }

    [Fact]
    public void EnvironmentAgnostic_NoAccountOrRegionIsHardCoded()
    {
        Assert.Contains("AWS::Region", fixture.ApplicationJson, StringComparison.Ordinal);
        Assert.DoesNotContain("us-east-1", fixture.ApplicationJson, StringComparison.Ordinal);
        Assert.DoesNotContain("BootstrapVersion", fixture.ApplicationJson, StringComparison.Ordinal);
    }

    private JsonElement Container(string service)
    {
        using var document = JsonDocument.Parse(fixture.ApplicationJson);
        var task = document.RootElement.GetProperty("Resources").EnumerateObject()
            .Select(r => r.Value)
            .Single(r => r.GetProperty("Type").GetString() == "AWS::ECS::TaskDefinition"
                && r.GetProperty("Properties").GetProperty("Family").GetString() == $"multi-agent-orchestrator-dev-{service}");
        return task.GetProperty("Properties").GetProperty("ContainerDefinitions")[0].Clone();
    }

    private static string? Env(JsonElement container, string name) =>
        container.GetProperty("Environment").EnumerateArray().SingleOrDefault(e => e.GetProperty("Name").GetString() == name) is { ValueKind: JsonValueKind.Object } e
            ? e.GetProperty("Value").GetString()
            : null;

    private static HashSet<string> Secrets(JsonElement container) =>
        [.. container.GetProperty("Secrets").EnumerateArray().Select(s => s.GetProperty("Name").GetString()!)];

    private static Dictionary<string, object> Props(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
