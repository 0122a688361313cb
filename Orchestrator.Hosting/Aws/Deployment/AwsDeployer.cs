using System.Globalization;
using System.Text.Json;
using Orchestrator.Hosting.Aws.Cdk;

namespace Orchestrator.Hosting.Aws.Deployment;

/// <summary>
/// Deploys, destroys and rolls back the published stacks with the AWS CLI and the .NET SDK's container
/// publishing (no Docker daemon), through an <see cref="ICommandRunner"/>.
/// </summary>
/// <param name="runner">Runs the commands.</param>
/// <param name="progress">Receives one line per stage.</param>
public sealed class AwsDeployer(ICommandRunner runner, IProgress<string>? progress = null)
{
    /// <summary>The platforms every image is built for.</summary>
    public const string ContainerRuntimeIdentifiers = "linux-arm64;linux-x64";

    /// <summary>
    /// Deploys the registry stack, writes the known secret values, pushes every service image with
    /// <paramref name="imageTag"/>, deploys the application stack with that tag, and waits for the services.
    /// </summary>
    /// <remarks>
    /// Secret values are written before the application stack is deployed, so its tasks and the values
    /// composed from secrets there see them at once; the new image tag restarts every task.
    /// </remarks>
    /// <returns>The outputs of both stacks.</returns>
    public async Task<IReadOnlyDictionary<string, string>> DeployAsync(AwsDeployPlan plan, string imageTag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Report($"Deploying {plan.RegistryStack} (ECR repositories, artifacts bucket, settings and secrets)");
        var overrides = plan.ParameterOverrides.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}").ToArray();
        await RunAsync(Aws(plan, [
            "cloudformation", "deploy", "--stack-name", plan.RegistryStack,
            "--template-file", Template(plan, plan.RegistryStack), "--no-fail-on-empty-changeset",
            .. overrides.Length > 0 ? ["--parameter-overrides", .. overrides] : Array.Empty<string>()]), cancellationToken).ConfigureAwait(false);
        var outputs = new Dictionary<string, string>(await StackOutputsAsync(plan, plan.RegistryStack, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
        var registry = Required(outputs, RegistryStack.RegistryHostOutput, plan.RegistryStack);
        var bucket = Required(outputs, RegistryStack.ArtifactsBucketOutput, plan.RegistryStack);

        foreach (var secret in plan.Secrets.Where(s => s.Value is not null))
        {
            Report($"Writing the value of {secret.SecretName}");
            await RunAsync(Aws(plan, ["secretsmanager", "put-secret-value", "--secret-id", secret.SecretName, "--secret-string", "file:///dev/stdin"]) with
            {
                StandardInput = secret.Value,
            }, cancellationToken).ConfigureAwait(false);
        }

        var password = (await RunAsync(Aws(plan, "ecr", "get-login-password"), cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
        var credentials = new Dictionary<string, string>
        {
            ["DOTNET_CONTAINER_REGISTRY_UNAME"] = "AWS",
            ["DOTNET_CONTAINER_REGISTRY_PWORD"] = password,
        };
        foreach (var service in plan.Services)
        {
            Report($"Publishing {service.Name} to {registry}/{service.Repository}:{imageTag} ({ContainerRuntimeIdentifiers})");
            await RunAsync(new CommandSpec("dotnet",
            [
                "publish", service.ProjectPath, "-c", "Release", "-t:PublishContainer",
                $"-p:ContainerRegistry={registry}",
                $"-p:ContainerRepository={service.Repository}",
                $"-p:ContainerImageTags={imageTag}",
                $"-p:ContainerRuntimeIdentifiers={ContainerRuntimeIdentifiers}",
            ], credentials), cancellationToken).ConfigureAwait(false);
        }

        Report($"Deploying {plan.ApplicationStack} with image tag {imageTag}");
        await RunAsync(Aws(plan, [
            "cloudformation", "deploy", "--stack-name", plan.ApplicationStack,
            "--template-file", Template(plan, plan.ApplicationStack),
            // The application template exceeds the 51,200 bytes CloudFormation accepts inline.
            "--s3-bucket", bucket, "--s3-prefix", "templates",
            "--capabilities", "CAPABILITY_IAM", "CAPABILITY_NAMED_IAM",
            "--no-fail-on-empty-changeset",
            "--parameter-overrides", $"{ApplicationStack.ImageTagParameter}={imageTag}"]), cancellationToken).ConfigureAwait(false);

        await WaitForServicesAsync(plan, cancellationToken).ConfigureAwait(false);
        foreach (var (key, value) in await StackOutputsAsync(plan, plan.ApplicationStack, cancellationToken).ConfigureAwait(false))
        {
            outputs[key] = value;
        }

        Report($"Deployed {plan.ApplicationStack} at image tag {imageTag}");
        return outputs;
    }

    /// <summary>Deletes the application stack, then the registry stack (retained resources stay).</summary>
    public async Task DestroyAsync(AwsDeployPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var stack in new[] { plan.ApplicationStack, plan.RegistryStack })
        {
            Report($"Deleting {stack}");
            await RunAsync(Aws(plan, "cloudformation", "delete-stack", "--stack-name", stack), cancellationToken).ConfigureAwait(false);
            await RunAsync(Aws(plan, "cloudformation", "wait", "stack-delete-complete", "--stack-name", stack), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Rolls every service back to the task-definition revision before the one it runs (the seed's
    /// disaster recovery), and waits until they are stable.
    /// </summary>
    public async Task RollbackAsync(AwsDeployPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var service in plan.Services)
        {
            var current = (await RunAsync(Aws(plan, "ecs", "describe-services", "--cluster", plan.Cluster, "--services", service.EcsService,
                "--query", "services[0].taskDefinition", "--output", "text"), cancellationToken).ConfigureAwait(false)).StandardOutput.Trim();
            var previous = PreviousRevision(current);
            Report($"Rolling {service.Name} back from {current} to {previous}");
            await RunAsync(Aws(plan, "ecs", "update-service", "--cluster", plan.Cluster, "--service", service.EcsService, "--task-definition", previous), cancellationToken).ConfigureAwait(false);
        }

        await WaitForServicesAsync(plan, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The <c>family:revision</c> before the given task-definition ARN.</summary>
    /// <exception cref="InvalidOperationException">The ARN is malformed or at revision 1.</exception>
    public static string PreviousRevision(string taskDefinitionArn)
    {
        ArgumentNullException.ThrowIfNull(taskDefinitionArn);
        var familyRevision = taskDefinitionArn[(taskDefinitionArn.LastIndexOf('/') + 1)..];
        var colon = familyRevision.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(familyRevision[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var revision))
        {
            throw new InvalidOperationException($"'{taskDefinitionArn}' is not a task-definition ARN.");
        }

        return revision > 1
            ? $"{familyRevision[..colon]}:{revision - 1}"
            : throw new InvalidOperationException($"{familyRevision} is the first revision; there is nothing to roll back to.");
    }

    private async Task WaitForServicesAsync(AwsDeployPlan plan, CancellationToken cancellationToken)
    {
        Report($"Waiting for {string.Join(", ", plan.Services.Select(s => s.Name))} to become stable");
        await RunAsync(Aws(plan, ["ecs", "wait", "services-stable", "--cluster", plan.Cluster, "--services", .. plan.Services.Select(s => s.EcsService)]), cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyDictionary<string, string>> StackOutputsAsync(AwsDeployPlan plan, string stack, CancellationToken cancellationToken)
    {
        var result = await RunAsync(Aws(plan, "cloudformation", "describe-stacks", "--stack-name", stack, "--query", "Stacks[0].Outputs", "--output", "json"), cancellationToken).ConfigureAwait(false);
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(result.StandardOutput) ? "[]" : result.StandardOutput);
        if (document.RootElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var output in document.RootElement.EnumerateArray())
            {
                outputs[output.GetProperty("OutputKey").GetString()!] = output.GetProperty("OutputValue").GetString()!;
            }
        }

        return outputs;
    }

    private static string Required(Dictionary<string, string> outputs, string key, string stack) =>
        outputs.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"Stack {stack} has no output {key}.");

    private static string Template(AwsDeployPlan plan, string stack) => Path.Combine(plan.OutputDirectory, AwsStackNames.TemplateFile(stack));

    private static CommandSpec Aws(AwsDeployPlan plan, params string[] arguments) =>
        new("aws", plan.Region is null ? arguments : [.. arguments, "--region", plan.Region]);

    private async Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(command, cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0
            ? result
            : throw new InvalidOperationException($"'{command}' failed with exit code {result.ExitCode}: {result.StandardError.Trim()}");
    }

    private void Report(string message) => progress?.Report(message);
}
