using System.Text.Json;
using Amazon.CDK.Assertions;

namespace Orchestrator.Tests.Aws;

/// <summary>An external Langfuse: its keys go to Secrets Manager and nothing of a self-hosted Langfuse is built.</summary>
[Collection(AwsCdkTestGroup.Name)]
public sealed class AwsLangfuseExternalTemplateTests(AwsLangfuseExternalPublishFixture fixture) : IClassFixture<AwsLangfuseExternalPublishFixture>
{
    [Fact]
    public void External_KeysInSecretsManagerHostInSsm()
    {
        fixture.Registry.HasResourceProperties("AWS::SecretsManager::Secret", Match.ObjectLike(Props(("Name", "multi-agent-orchestrator-dev/langfuse-public-key"))));
        fixture.Registry.HasResourceProperties("AWS::SecretsManager::Secret", Match.ObjectLike(Props(("Name", "multi-agent-orchestrator-dev/langfuse-secret-key"))));
        fixture.Registry.HasResourceProperties("AWS::SSM::Parameter", Match.ObjectLike(Props(("Name", "/multi-agent-orchestrator-dev/langfuse-host"))));
        fixture.Registry.HasParameter("SettingLangfuseHost", Match.ObjectLike(Props(("Default", AwsTestModel.ExternalLangfuseHost))));

        // The services' connection string is composed from those: the keys by dynamic reference, never in plain text.
        using var document = JsonDocument.Parse(fixture.ApplicationJson);
        var composed = document.RootElement.GetProperty("Resources").EnumerateObject().Select(r => r.Value)
            .Single(r => r.GetProperty("Type").GetString() == "AWS::SecretsManager::Secret"
                && r.GetProperty("Properties").GetProperty("Name").GetString() == "multi-agent-orchestrator-dev/graph/ConnectionStrings__langfuse");
        var value = composed.GetProperty("Properties").GetProperty("SecretString").GetRawText();
        Assert.Contains("Endpoint=", value, StringComparison.Ordinal);
        Assert.Contains("{{resolve:secretsmanager:", value, StringComparison.Ordinal);
        Assert.Contains("settingslangfusepublickey", value, StringComparison.Ordinal);
        Assert.Contains("settingslangfusesecretkey", value, StringComparison.Ordinal);
    }

    [Fact]
    public void External_NoSelfHostedParts()
    {
        var app = fixture.Application;
        app.ResourceCountIs("AWS::ElastiCache::ReplicationGroup", 0);
        app.ResourceCountIs("AWS::ElastiCache::SubnetGroup", 0);
        app.ResourceCountIs("AWS::EFS::FileSystem", 0);
        app.ResourceCountIs("AWS::ECS::Service", 3);
        app.ResourceCountIs("AWS::S3::Bucket", 0);
        Assert.DoesNotContain("langfuse-web", fixture.ApplicationJson, StringComparison.Ordinal);
        Assert.DoesNotContain("clickhouse", fixture.ApplicationJson, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("multi-agent-orchestrator-dev/langfuse/", fixture.ApplicationJson, StringComparison.Ordinal);
    }

    private static Dictionary<string, object> Props(params (string Key, object Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);
}
