using Orchestrator.Hosting.Aws.Cdk;

namespace Orchestrator.Tests.Aws;

/// <summary>The CDK tests share one jsii runtime per process; they run one class at a time.</summary>
/// <remarks>
/// They also run alone: the runtime points the process's <c>TMPDIR</c> at its own directory for as long as they
/// run, and deletes that directory when they end. A test running beside them would put its temporary files (a
/// publish's scratch folder, a PostgreSQL data directory, chromium's profile) in there and lose them mid-test.
/// </remarks>
[CollectionDefinition(Name, DisableParallelization = true)]
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
