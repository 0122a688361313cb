using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestrator.Hosting.Aws.Cdk;
using Orchestrator.Hosting.Aws.Deployment;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Publishing;

/// <summary>What a publish produced.</summary>
/// <param name="Model">The deployment model.</param>
/// <param name="Synthesis">The synthesized stacks.</param>
/// <param name="Plan">What deploy, destroy and rollback act on.</param>
/// <param name="Files">The files written, full paths.</param>
public sealed record AwsPublishResult(AwsDeploymentModel Model, AwsSynthesis Synthesis, AwsDeployPlan Plan, IReadOnlyList<string> Files);

/// <summary>Maps the app model, synthesizes the stacks and writes the publish output.</summary>
public static class AwsPublisher
{
    /// <summary>Publishes into <paramref name="outputDirectory"/>.</summary>
    public static async Task<AwsPublishResult> PublishAsync(
        AwsCdkEnvironmentResource environment,
        DistributedApplicationModel model,
        DistributedApplicationExecutionContext executionContext,
        string outputDirectory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var deployment = await new AwsModelMapper(environment, model, executionContext).MapAsync(cancellationToken).ConfigureAwait(false);
        var synthesis = AwsCdkSynthesizer.Synthesize(deployment, environment.ApplicationStackCallbacks);

        Directory.CreateDirectory(outputDirectory);
        var files = new List<string>();
        async Task WriteAsync(string name, string content)
        {
            var path = Path.Combine(outputDirectory, name);
            await File.WriteAllTextAsync(path, content, cancellationToken).ConfigureAwait(false);
            files.Add(path);
        }

        foreach (var (stack, template) in synthesis.Templates)
        {
            await WriteAsync(AwsStackNames.TemplateFile(stack), template).ConfigureAwait(false);
        }

        await WriteAsync("deploy.sh", DeployScriptWriter.Write(deployment, outputDirectory)).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(outputDirectory, "deploy.sh"),
                UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        await WriteAsync("README.md", DeployScriptWriter.Readme(deployment)).ConfigureAwait(false);
        await WriteAsync("cost-estimate.md", AwsCostEstimator.ToMarkdown(deployment)).ConfigureAwait(false);
        return new AwsPublishResult(deployment, synthesis, Plan(deployment, outputDirectory), files);
    }

    /// <summary>The deploy plan of a deployment model published into <paramref name="outputDirectory"/>.</summary>
    public static AwsDeployPlan Plan(AwsDeploymentModel deployment, string outputDirectory, IReadOnlyDictionary<string, string?>? secretValues = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var names = new AwsStackNames(deployment.Options);
        return new AwsDeployPlan(
            outputDirectory,
            names.RegistryStack,
            names.ApplicationStack,
            names.Cluster,
            deployment.Options.Region,
            [.. deployment.Services.Select(s => new AwsDeployService(s.Name, s.ProjectPath, names.Repository(s.Name), names.Service(s.Name)))],
            [.. deployment.Settings.Where(s => s.Secret).Select(s => new AwsDeploySecret(names.Secret(s.Name), secretValues?.GetValueOrDefault(s.Name)))],
            new Dictionary<string, string>(StringComparer.Ordinal));
    }
}
