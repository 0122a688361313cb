using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orchestrator.Hosting.Aws.Deployment;

namespace Orchestrator.Hosting.Aws.Publishing;

/// <summary>The publish, deploy and destroy steps of the Aspire pipeline for the AWS CDK environment.</summary>
internal static class AwsPipelineSteps
{
    public static void Add(IDistributedApplicationBuilder builder, AwsCdkEnvironmentResource environment)
    {
        builder.Services.TryAddSingleton<ICommandRunner, ProcessCommandRunner>();
        AwsPublishResult? published = null;

        builder.Pipeline.AddStep(AwsCdkBuilderExtensions.PublishStepName, async context =>
        {
            var output = context.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
            var result = await AwsPublisher.PublishAsync(environment, context.Model, context.ExecutionContext, output, context.CancellationToken).ConfigureAwait(false);
            published = result;
            context.ReportingStep.Log(LogLevel.Information, $"Wrote {result.Files.Count} files for {environment.Options.Prefix} to {output}");
        }, requiredBy: WellKnownPipelineSteps.Publish);

        builder.Pipeline.AddStep(AwsCdkBuilderExtensions.DeployStepName, async context =>
        {
            // The publish step this one depends on has just written the templates: synthesis runs once.
            var result = published ?? throw new InvalidOperationException($"The {AwsCdkBuilderExtensions.PublishStepName} step did not run before {AwsCdkBuilderExtensions.DeployStepName}.");
            var output = result.Plan.OutputDirectory;
            var secrets = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var parameter in context.Model.Resources.OfType<ParameterResource>().Where(p => p.Secret && result.Model.Settings.Any(s => s.Name == p.Name)))
            {
                secrets[parameter.Name] = await parameter.GetValueAsync(context.CancellationToken).ConfigureAwait(false);
            }

            var plan = AwsPublisher.Plan(result.Model, output, secrets);
            var tag = environment.Options.ImageTag ?? DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
            var deployer = new AwsDeployer(context.Services.GetRequiredService<ICommandRunner>(), new StepProgress(context.ReportingStep));
            await deployer.DeployAsync(plan, tag, context.CancellationToken).ConfigureAwait(false);
        }, dependsOn: AwsCdkBuilderExtensions.PublishStepName, requiredBy: WellKnownPipelineSteps.Deploy);

        builder.Pipeline.AddStep(AwsCdkBuilderExtensions.DestroyStepName, async context =>
        {
            var deployment = await new Model.AwsModelMapper(environment, context.Model, context.ExecutionContext).MapAsync(context.CancellationToken).ConfigureAwait(false);
            var deployer = new AwsDeployer(context.Services.GetRequiredService<ICommandRunner>(), new StepProgress(context.ReportingStep));
            await deployer.DestroyAsync(AwsPublisher.Plan(deployment, Path.GetTempPath()), context.CancellationToken).ConfigureAwait(false);
        }, requiredBy: WellKnownPipelineSteps.Destroy);
    }

    private sealed class StepProgress(IReportingStep step) : IProgress<string>
    {
        public void Report(string value) => step.Log(LogLevel.Information, value);
    }
}
