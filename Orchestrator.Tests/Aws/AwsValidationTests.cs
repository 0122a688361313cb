using Amazon.CDK.AWS.S3;
using Orchestrator.Hosting.Aws;
using Orchestrator.Hosting.Aws.Cdk;

namespace Orchestrator.Tests.Aws;

/// <summary>Validation is fatal: a construct that breaks an AwsSolutions rule stops the publish, naming the rule and the construct.</summary>
[Collection(AwsCdkTestGroup.Name)]
public sealed class AwsValidationTests : IDisposable
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("aws-validation-test-");

    [Fact]
    public async Task Publish_UnacknowledgedFinding_FailsWithRuleAndPath()
    {
        using var app = AwsTestModel.Build(customize: builder =>
        {
            var environment = builder.Resources.OfType<AwsCdkEnvironmentResource>().Single();
            environment.ApplicationStackCallbacks.Add(stack => _ = new Bucket(stack, "careless-bucket"));
        });

        var error = await Assert.ThrowsAsync<AwsValidationException>(() => AwsTestModel.PublishAsync(app, _output.FullName));
        Assert.Contains("AwsSolutions-S1 at multi-agent-orchestrator-dev-app/careless-bucket", error.Message, StringComparison.Ordinal);
        Assert.Contains("AwsSolutions-S10", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("agentcore", error.Message, StringComparison.Ordinal);
        Assert.Empty(_output.GetFiles());
    }

    public void Dispose() => _output.Delete(recursive: true);
}
