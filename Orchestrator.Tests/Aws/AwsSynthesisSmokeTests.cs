namespace Orchestrator.Tests.Aws;

public sealed class AwsSynthesisSmokeTests(AwsDevPublishFixture fixture) : IClassFixture<AwsDevPublishFixture>
{
    [Fact]
    public void Publish_DevModel_WritesBothTemplates()
    {
        Assert.Equal(2, fixture.Result.Synthesis.Templates.Count);
        Assert.Contains("AWS::ECS::Service", fixture.ApplicationJson, StringComparison.Ordinal);
    }
}
