using Amazon.CDK.Assertions;

namespace Orchestrator.Tests.Aws;

/// <summary>A deployment pinned to the first defaults version keeps its self-hosted Langfuse as it was deployed.</summary>
[Collection(AwsCdkTestGroup.Name)]
public sealed class AwsLangfusePinnedDefaultsTests(AwsLangfusePinnedDefaultsPublishFixture fixture) : IClassFixture<AwsLangfusePinnedDefaultsPublishFixture>
{
    [Fact]
    public void PinnedFirstDefaults_KeepsLangfuseAtAFixedTaskCount()
    {
        Assert.Empty(LangfuseScaling.Targets(fixture.Application));
        Assert.Equal(0, LangfuseScaling.Policies(fixture.Application));
        fixture.Application.HasResourceProperties("AWS::ECS::Service", Match.ObjectLike(new Dictionary<string, object>
        {
            ["ServiceName"] = "multi-agent-orchestrator-dev-langfuse-web",
            ["DesiredCount"] = 1,
        }));
    }
}
