using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Hosting.Aws.Cdk;
using Orchestrator.Hosting.Aws.Deployment;

namespace Orchestrator.Hosting.Aws.RunMode;

/// <summary>
/// Shows the AWS stacks in the AppHost graph in run mode and, only when
/// <c>Orchestrator:Aws:ProvisionInRunMode</c> is true, provisions them through the same deployer.
/// </summary>
internal static class AwsRunModeResources
{
    public const string NotProvisioned = "Not provisioned";

    public static void Add(IDistributedApplicationBuilder builder, IResourceBuilder<AwsCdkEnvironmentResource> environment)
    {
        var names = new AwsStackNames(environment.Resource.Options);
        var provision = environment.Resource.Options.ProvisionInRunMode ? "on start" : "off (Orchestrator:Aws:ProvisionInRunMode)";
        var stacks = new[]
        {
            new AwsStackResource($"{environment.Resource.Name}-registry", names.RegistryStack, environment.Resource),
            new AwsStackResource($"{environment.Resource.Name}-app", names.ApplicationStack, environment.Resource),
            // The artifacts bucket is named by CloudFormation; its name appears once the registry stack is deployed.
            new AwsStackResource($"{environment.Resource.Name}-artifacts", names.RegistryStack, environment.Resource),
        };
        foreach (var stack in stacks)
        {
            var isBucket = ReferenceEquals(stack, stacks[^1]);
            builder.AddResource(stack).WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = isBucket ? "S3 bucket" : "CloudFormation stack",
                State = new ResourceStateSnapshot(NotProvisioned, KnownResourceStateStyles.Info),
                Properties = isBucket
                    ? [new("aws.stack", stack.StackName), new("aws.output", RegistryStack.ArtifactsBucketOutput)]
                    : [new("aws.stack", stack.StackName), new("aws.provision", provision)],
            });
        }

        if (!environment.Resource.Options.ProvisionInRunMode)
        {
            return;
        }

        builder.Services.TryAddSingleton<ICommandRunner, ProcessCommandRunner>();
        builder.Services.TryAddSingleton<AwsRunModeProvisioner>();
        builder.Eventing.Subscribe<BeforeStartEvent>((e, cancellationToken) =>
        {
            var provisioner = e.Services.GetRequiredService<AwsRunModeProvisioner>();
            _ = Task.Run(() => provisioner.ProvisionAsync(environment.Resource, stacks, e.Model, CancellationToken.None), CancellationToken.None);
            return Task.CompletedTask;
        });
    }
}
