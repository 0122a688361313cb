using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Hosting.Aws;
using Orchestrator.Hosting.Aws.Deployment;
using Orchestrator.Hosting.Aws.RunMode;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.Aws;

/// <summary>The AWS resources in the AppHost graph in run mode; provisioning only when asked, through the runner.</summary>
[Collection(AwsCdkTestGroup.Name)]
public sealed class AwsRunModeTests
{
    [Fact]
    public void RunMode_Stacks_AreChildResourcesNotProvisionedByDefault()
    {
        using var app = BuildRunMode(provision: false, runner: null);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();

        var stacks = model.Resources.OfType<AwsStackResource>().ToList();
        Assert.Equal(["aws-registry", "aws-app", "aws-artifacts"], stacks.Select(s => s.Name));
        Assert.Equal(["multi-agent-orchestrator-dev-registry", "multi-agent-orchestrator-dev-app", "multi-agent-orchestrator-dev-registry"], stacks.Select(s => s.StackName));
        Assert.All(stacks, s => Assert.Equal(ResourceNames.Aws, s.Parent.Name));
        Assert.All(stacks, s => Assert.True(s.TryGetLastAnnotation<ResourceSnapshotAnnotation>(out var snapshot)
            && snapshot.InitialSnapshot.State?.Text == "Not provisioned"));
        Assert.Null(app.Services.GetService<AwsRunModeProvisioner>());
    }

    [Fact]
    public async Task RunMode_ProvisionOptIn_DeploysThroughTheRunnerAndShowsOutputs()
    {
        var runner = new CannedAwsRunner();
        using var app = BuildRunMode(provision: true, runner);
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        var environment = model.Resources.OfType<AwsCdkEnvironmentResource>().Single();
        var stacks = model.Resources.OfType<AwsStackResource>().ToList();

        await app.Services.GetRequiredService<AwsRunModeProvisioner>()
            .ProvisionAsync(environment, stacks, model, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(2));

        var state = await notifications.WaitForResourceAsync(
            stacks[1].Name, e => e.Snapshot.State?.Text == KnownResourceStates.Running || e.Snapshot.State?.Text == KnownResourceStates.FailedToStart).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(state.Snapshot.State?.Text == KnownResourceStates.Running, string.Join("; ", state.Snapshot.Properties.Select(p => $"{p.Name}={p.Value}")));
        Assert.Contains(state.Snapshot.Properties, p => p.Name == "aws.output.ArtifactsBucketName" && Equals(p.Value, "artifacts-bucket"));
        Assert.Contains(runner.Commands, c => c.StartsWith("aws cloudformation deploy --stack-name multi-agent-orchestrator-dev-app", StringComparison.Ordinal));
        Assert.Contains(runner.Commands, c => c.Contains("ImageTag=run-1", StringComparison.Ordinal));
    }

    private static DistributedApplication BuildRunMode(bool provision, ICommandRunner? runner)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = [], DisableDashboard = true });
        if (runner is not null)
        {
            builder.Services.AddSingleton(runner);
        }

        builder.AddAWSCDKEnvironment(ResourceNames.Aws, o => (o.ProvisionInRunMode, o.ImageTag) = (provision, "run-1"));
        builder.AddProject(ResourceNames.AgentCore, AwsTestModel.ProjectPath("Orchestrator.AgentCore"))
            .WithHttpEndpoint(targetPort: 8080)
            .PublishAsECSFargateServiceWithALB();
        return builder.Build();
    }

    /// <summary>Answers the AWS CLI calls of a deployment with fixed outputs.</summary>
    private sealed class CannedAwsRunner : ICommandRunner
    {
        public List<string> Commands { get; } = [];

        public Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
        {
            var line = command.ToString();
            Commands.Add(line);
            var output = line.Contains("describe-stacks", StringComparison.Ordinal)
                ? """[{"OutputKey":"RegistryHost","OutputValue":"123.dkr.ecr.us-east-1.amazonaws.com"},{"OutputKey":"ArtifactsBucketName","OutputValue":"artifacts-bucket"}]"""
                : line.Contains("get-login-password", StringComparison.Ordinal) ? "TOKEN" : string.Empty;
            return Task.FromResult(new CommandResult(0, output, string.Empty));
        }
    }
}
