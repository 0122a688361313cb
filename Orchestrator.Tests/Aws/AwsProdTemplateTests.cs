using Amazon.CDK.Assertions;

namespace Orchestrator.Tests.Aws;

[Collection(AwsCdkTestGroup.Name)]
public sealed class AwsProdTemplateTests(AwsProdPublishFixture fixture) : IClassFixture<AwsProdPublishFixture>
{
    private Template App => fixture.Application;

    [Fact]
    public void ProdProfile_Database_IsMultiAzWithDeletionProtection()
    {
        App.HasResourceProperties("AWS::RDS::DBInstance", Props(("MultiAZ", true), ("DeletionProtection", true)));
        App.HasResource("AWS::RDS::DBInstance", Props(("DeletionPolicy", "Snapshot")));
    }

    [Fact]
    public void ProdProfile_LogGroups_KeepAYearEncryptedWithKms()
    {
        App.HasResourceProperties("AWS::Logs::LogGroup", Match.ObjectLike(Props(
            ("LogGroupName", "/ecs/multi-agent-orchestrator-prod-agentcore"), ("RetentionInDays", 365), ("KmsKeyId", Match.AnyValue()))));
        App.HasResourceProperties("AWS::KMS::Key", Props(("EnableKeyRotation", true)));
    }

    [Fact]
    public void Options_HttpsFromRoute53Domain_AddsCertificateRedirectAndAlias()
    {
        App.HasResourceProperties("AWS::CertificateManager::Certificate", Props(("DomainName", "orchestrator.example.com"), ("ValidationMethod", "DNS")));
        App.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Props(("Port", 443), ("Protocol", "HTTPS")));
        App.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", Match.ObjectLike(Props(
            ("Port", 80), ("DefaultActions", Match.ArrayWith([Match.ObjectLike(Props(("Type", "redirect")))])))));
        App.HasResourceProperties("AWS::Route53::RecordSet", Props(("Name", "orchestrator.example.com."), ("Type", "A")));
    }

    [Fact]
    public void Options_AllowedCidrs_AreTheOnlyLoadBalancerIngress()
    {
        App.HasResourceProperties("AWS::EC2::SecurityGroup", Match.ObjectLike(Props(
            ("GroupDescription", "Load balancer: ingress from the allowed CIDR blocks only"),
            ("SecurityGroupIngress", new object[]
            {
                Match.ObjectLike(Props(("CidrIp", "203.0.113.0/24"), ("FromPort", 80))),
                Match.ObjectLike(Props(("CidrIp", "203.0.113.0/24"), ("FromPort", 443))),
            }))));
        Assert.DoesNotContain("0.0.0.0/0\",\n          \"Description\": \"HTTP", fixture.ApplicationJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_AuditAndFlowLogs_AreRecorded()
    {
        App.HasResourceProperties("AWS::CloudTrail::Trail", Props(("IsMultiRegionTrail", true), ("EnableLogFileValidation", true)));
        App.HasResourceProperties("AWS::EC2::FlowLog", Props(("TrafficType", "ALL")));
        App.HasResourceProperties("AWS::SNS::Subscription", Props(("Protocol", "email"), ("Endpoint", "ops@example.com")));
    }

    [Fact]
    public void ConfiguredRegion_LoadBalancer_WritesAccessLogs()
    {
        App.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", Match.ObjectLike(Props(
            ("LoadBalancerAttributes", Match.ArrayWith([Props(("Key", "access_logs.s3.enabled"), ("Value", "true"))])))));
    }

    [Fact]
    public void ProdProfile_Services_RunOnDemandOnly()
    {
        Assert.DoesNotContain("\"CapacityProvider\": \"FARGATE_SPOT\"", fixture.ApplicationJson, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfiguredEnvironment_Stacks_AreBoundToAccountAndRegion()
    {
        Assert.Equal("123456789012", fixture.Result.Synthesis.Application.Account);
        Assert.Equal("eu-west-1", fixture.Result.Synthesis.Application.Region);
    }

    private static Dictionary<string, object> Props(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
