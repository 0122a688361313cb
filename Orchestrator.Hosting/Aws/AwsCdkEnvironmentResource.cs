using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Aws;

/// <summary>
/// The AWS CDK compute environment: in publish mode the target every project is published to, as
/// CloudFormation stacks synthesized with AWS CDK; in run mode a node of the graph whose children
/// show the stacks.
/// </summary>
public sealed class AwsCdkEnvironmentResource(string name, AwsCdkEnvironmentOptions options)
    : Resource(name), IComputeEnvironmentResource
{
    /// <summary>Where and how to publish.</summary>
    public AwsCdkEnvironmentOptions Options { get; } = options;

    /// <summary>Callbacks that change the application stack after the mapper built it.</summary>
    public IList<Action<Amazon.CDK.Stack>> ApplicationStackCallbacks { get; } = [];

    /// <summary>The versioned defaults named by the options.</summary>
    public AwsDefaults Defaults => AwsDefaults.Get(Options.DefaultsVersion);
}
