namespace Orchestrator.Tests.Aws;

/// <summary>The CDK tests share one jsii runtime per process; they run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AwsCdkTestGroup
{
    public const string Name = "aws-cdk";
}
