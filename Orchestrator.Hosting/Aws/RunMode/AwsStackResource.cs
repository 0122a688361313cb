using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Aws.RunMode;

/// <summary>A CloudFormation stack of the AWS environment, or a resource inside one, shown in the dashboard in run mode.</summary>
/// <param name="name">The resource name.</param>
/// <param name="stackName">The CloudFormation stack (that holds the resource).</param>
/// <param name="parent">The AWS CDK environment.</param>
public sealed class AwsStackResource(string name, string stackName, AwsCdkEnvironmentResource parent)
    : Resource(name), IResourceWithParent<AwsCdkEnvironmentResource>
{
    /// <summary>The CloudFormation stack name.</summary>
    public string StackName { get; } = stackName;

    /// <inheritdoc />
    public AwsCdkEnvironmentResource Parent { get; } = parent;
}
