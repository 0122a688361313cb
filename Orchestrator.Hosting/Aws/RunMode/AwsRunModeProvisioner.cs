using System.Collections.Immutable;
using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestrator.Hosting.Aws.Deployment;
using Orchestrator.Hosting.Aws.Publishing;

namespace Orchestrator.Hosting.Aws.RunMode;

/// <summary>Deploys the stacks from a running AppHost and reports their state and outputs to the dashboard.</summary>
/// <param name="runner">Runs the AWS CLI and .NET SDK commands.</param>
/// <param name="notifications">Carries the state to the dashboard.</param>
/// <param name="executionContext">The AppHost's execution context.</param>
public sealed class AwsRunModeProvisioner(ICommandRunner runner, ResourceNotificationService notifications, DistributedApplicationExecutionContext executionContext)
{
    /// <summary>Publishes to a temporary folder, deploys, and updates the stack resources; never throws.</summary>
    public async Task ProvisionAsync(AwsCdkEnvironmentResource environment, IReadOnlyList<AwsStackResource> stacks, DistributedApplicationModel model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(stacks);
        var output = Directory.CreateTempSubdirectory("aws-provision-").FullName;
        try
        {
            await SetAsync(stacks, KnownResourceStates.Starting, KnownResourceStateStyles.Info).ConfigureAwait(false);
            var result = await AwsPublisher.PublishAsync(environment, model, executionContext, output, cancellationToken).ConfigureAwait(false);
            var tag = environment.Options.ImageTag ?? DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var outputs = await new AwsDeployer(runner).DeployAsync(AwsPublisher.Plan(result.Model, output), tag, cancellationToken).ConfigureAwait(false);
            var properties = outputs.Select(o => new ResourcePropertySnapshot($"aws.output.{o.Key}", o.Value)).ToImmutableArray();
            foreach (var stack in stacks)
            {
                await notifications.PublishUpdateAsync(stack, s => s with
                {
                    State = new ResourceStateSnapshot(KnownResourceStates.Running, KnownResourceStateStyles.Success),
                    Properties = s.Properties.AddRange(properties),
                }).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // The AppHost keeps running; the failure is shown on the stack resources.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            foreach (var stack in stacks)
            {
                await notifications.PublishUpdateAsync(stack, s => s with
                {
                    State = new ResourceStateSnapshot(KnownResourceStates.FailedToStart, KnownResourceStateStyles.Error),
                    Properties = s.Properties.Add(new ResourcePropertySnapshot("aws.error", exception.Message)),
                }).ConfigureAwait(false);
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private async Task SetAsync(IEnumerable<AwsStackResource> stacks, string state, string style)
    {
        foreach (var stack in stacks)
        {
            await notifications.PublishUpdateAsync(stack, s => s with { State = new ResourceStateSnapshot(state, style) }).ConfigureAwait(false);
        }
    }
}
