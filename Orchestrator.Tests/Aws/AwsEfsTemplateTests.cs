using Amazon.CDK.Assertions;

namespace Orchestrator.Tests.Aws;

[Collection(AwsCdkTestGroup.Name)]
public sealed class AwsEfsTemplateTests(AwsEfsPublishFixture fixture) : IClassFixture<AwsEfsPublishFixture>
{
    private Template App => fixture.Application;

    [Fact]
    public void EcsPostgres_Task_RunsPostgres15OnEncryptedEfs()
    {
        App.ResourceCountIs("AWS::RDS::DBInstance", 0);
        App.HasResourceProperties("AWS::EFS::FileSystem", Match.ObjectLike(Props(("Encrypted", true))));
        App.HasResourceProperties("AWS::ECS::TaskDefinition", Match.ObjectLike(Props(
            ("Family", "multi-agent-orchestrator-dev-postgres"),
            ("Volumes", new object[] { Match.ObjectLike(Props(("Name", "pgdata"), ("EFSVolumeConfiguration", Match.ObjectLike(Props(("TransitEncryption", "ENABLED")))))) }),
            ("ContainerDefinitions", new object[] { Match.ObjectLike(Props(
                ("Image", "public.ecr.aws/docker/library/postgres:15"),
                ("MountPoints", new object[] { Match.ObjectLike(Props(("ContainerPath", "/var/lib/postgresql/data"))) }))) }))));
        App.HasResourceProperties("AWS::ECS::Service", Match.ObjectLike(Props(
            ("ServiceName", "multi-agent-orchestrator-dev-postgres"), ("DesiredCount", 1))));
    }

    [Fact]
    public void EcsPostgres_ConnectionString_PointsAtCloudMapName()
    {
        Assert.Contains("Host=postgres.multi-agent-orchestrator.local;Port=5432;Database=orchestrator;Username=", fixture.ApplicationJson, StringComparison.Ordinal);
        Assert.Contains("\"Description\": \"graph uses PostgreSQL\"", fixture.ApplicationJson, StringComparison.Ordinal);
    }

    [Fact]
    public void EcsPostgres_CostEstimate_PricesTheTaskAndEfs()
    {
        var report = File.ReadAllText(Path.Combine(fixture.OutputDirectory, "cost-estimate.md"));
        Assert.Contains("| PostgreSQL task (ECS) |", report, StringComparison.Ordinal);
        Assert.Contains("| EFS storage |", report, StringComparison.Ordinal);
        Assert.DoesNotContain("RDS", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_CertificateArn_ServesHttpsAndRedirectsHttp()
    {
        App.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(Props(
            ("Port", 443), ("Protocol", "HTTPS"), ("Certificates", new object[] { Props(("CertificateArn", AwsEfsPublishFixture.CertificateArn)) }))));
        App.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(Props(
            ("Port", 80), ("DefaultActions", Match.ArrayWith([Match.ObjectLike(Props(("Type", "redirect")))])))));
        App.ResourceCountIs("AWS::CertificateManager::Certificate", 0);
    }

    private static Dictionary<string, object> Props(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
