using Orchestrator.Hosting.Aws.Cdk;

namespace Orchestrator.Tests.Aws;

/// <summary>The CDK tests share one jsii runtime per process; they run one class at a time.</summary>
[CollectionDefinition(Name)]
public sealed class AwsCdkTestGroup : ICollectionFixture<CdkTemporaryFiles>
{
    public const string Name = "aws-cdk";
}

/// <summary>
/// Removes the jsii runtime's temporary files (~64 MB) when the CDK tests are done: the test host
/// can be stopped before the process-exit handler that would remove them runs.
/// </summary>
public sealed class CdkTemporaryFiles : IDisposable
{
    public void Dispose() => CdkRuntime.DeleteTemporaryDirectory();
}
