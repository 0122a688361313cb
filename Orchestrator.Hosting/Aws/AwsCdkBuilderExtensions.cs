using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Orchestrator.Hosting.Aws.Publishing;
using Orchestrator.Hosting.Aws.RunMode;

namespace Orchestrator.Hosting.Aws;

/// <summary>
/// Adds the AWS CDK environment and publishes resources to it. The names follow AWS's own Aspire
/// integration (<c>AddAWSCDKEnvironment</c>, <c>PublishAsECSFargateService</c>,
/// <c>PublishAsECSFargateServiceWithALB</c>) so an app could move to it later.
/// </summary>
public static class AwsCdkBuilderExtensions
{
    /// <summary>The publish step that writes the templates, deploy script and cost report.</summary>
    public const string PublishStepName = "aws-cdk-publish";

    /// <summary>The deploy step (<c>aspire deploy</c>).</summary>
    public const string DeployStepName = "aws-cdk-deploy";

    /// <summary>The destroy step (<c>aspire destroy</c>).</summary>
    public const string DestroyStepName = "aws-cdk-destroy";

    /// <summary>
    /// Adds the AWS CDK compute environment. Options bind from <c>Orchestrator:Aws</c> and then
    /// <paramref name="configure"/>.
    /// </summary>
    /// <remarks>
    /// In publish mode it adds the publish step (templates, <c>deploy.sh</c>, README, cost estimate),
    /// the deploy step and the destroy step. In run mode it shows the stacks as child resources and,
    /// only when <c>Orchestrator:Aws:ProvisionInRunMode</c> is true, deploys them.
    /// </remarks>
    public static IResourceBuilder<AwsCdkEnvironmentResource> AddAWSCDKEnvironment(
        this IDistributedApplicationBuilder builder, string name, Action<AwsCdkEnvironmentOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new AwsCdkEnvironmentOptions();
        builder.Configuration.GetSection(AwsCdkEnvironmentOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        // Fail at start-up, naming the key, on an unknown profile or defaults version.
        _ = options.Profile;
        _ = AwsDefaults.Get(options.DefaultsVersion);

        var resource = new AwsCdkEnvironmentResource(name, options);
        if (builder.ExecutionContext.IsPublishMode)
        {
            var environment = builder.AddResource(resource).ExcludeFromManifest();
            AwsPipelineSteps.Add(builder, resource);
            return environment;
        }

        var added = builder.AddResource(resource).WithInitialState(new CustomResourceSnapshot
        {
            ResourceType = "AWS CDK environment",
            State = KnownResourceStates.NotStarted,
            Properties = [new(CustomResourceKnownProperties.Source, options.Prefix)],
        });
        AwsRunModeResources.Add(builder, added);
        return added;
    }

    /// <summary>Publishes the project as an ECS Fargate service in the private subnets, found through Cloud Map.</summary>
    /// <remarks>
    /// The task also gets the settings that send its metrics (EMF) and JSON logs to its CloudWatch log
    /// group (<see cref="EcsTelemetryEnvironment"/>).
    /// </remarks>
    public static IResourceBuilder<ProjectResource> PublishAsECSFargateService(
        this IResourceBuilder<ProjectResource> builder, Action<EcsFargateServiceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new EcsFargateServiceOptions();
        configure?.Invoke(options);
        if (!builder.Resource.Annotations.OfType<EcsFargateServiceAnnotation>().Any())
        {
            builder.WithEcsTelemetry();
        }

        return builder.WithAnnotation(new EcsFargateServiceAnnotation(options), ResourceAnnotationMutationBehavior.Replace);
    }

    /// <summary>Publishes the project as an ECS Fargate service behind the internet-facing load balancer.</summary>
    public static IResourceBuilder<ProjectResource> PublishAsECSFargateServiceWithALB(
        this IResourceBuilder<ProjectResource> builder, Action<EcsFargateServiceOptions>? configure = null) =>
        builder.PublishAsECSFargateService(options =>
        {
            options.WithLoadBalancer = true;
            configure?.Invoke(options);
        });

    /// <summary>Publishes a PostgreSQL server resource as Amazon RDS for PostgreSQL.</summary>
    /// <remarks>The hook for any PostgreSQL server resource (container or process based) to declare what it is in AWS.</remarks>
    public static IResourceBuilder<T> PublishAsRdsPostgres<T>(this IResourceBuilder<T> builder, bool? multiAz = null, string? instanceClass = null)
        where T : IResource =>
        builder.WithAnnotation(new AwsPostgresAnnotation(AwsPostgresHosting.Rds, multiAz, instanceClass), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>Publishes a PostgreSQL server resource as a PostgreSQL 15 task on ECS with its data on EFS (cheaper, for development).</summary>
    public static IResourceBuilder<T> PublishAsEcsPostgresWithEfs<T>(this IResourceBuilder<T> builder)
        where T : IResource =>
        builder.WithAnnotation(new AwsPostgresAnnotation(AwsPostgresHosting.EcsWithEfs), ResourceAnnotationMutationBehavior.Replace);

    /// <summary>Changes the synthesized application stack (extra constructs, overrides) before synthesis.</summary>
    public static IResourceBuilder<AwsCdkEnvironmentResource> ConfigureApplicationStack(
        this IResourceBuilder<AwsCdkEnvironmentResource> builder, Action<Amazon.CDK.Stack> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Resource.ApplicationStackCallbacks.Add(configure);
        return builder;
    }
}
