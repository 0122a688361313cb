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
        var stacks = new[]
        {
            new AwsStackResource($"{environment.Resource.Name}-registry", names.RegistryStack, environment.Resource),
            new AwsStackResource($"{environment.Resource.Name}-app", names.ApplicationStack, environment.Resource),
        };
        foreach (var stack in stacks)
        {
            builder.AddResource(stack).WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "CloudFormation stack",
                State = new ResourceStateSnapshot(NotProvisioned, KnownResourceStateStyles.Info),
                Properties = [new("aws.stack", stack.StackName), new("aws.provision", environment.Resource.Options.ProvisionInRunMode ? "on start" : "off (Orchestrator:Aws:ProvisionInRunMode)")],
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
