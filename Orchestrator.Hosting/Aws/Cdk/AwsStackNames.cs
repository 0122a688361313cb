namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>The names of the stacks and of the named resources in them, from the seed's conventions.</summary>
/// <param name="Options">The environment options.</param>
public sealed record AwsStackNames(AwsCdkEnvironmentOptions Options)
{
    /// <summary>The registry stack: ECR repositories and the artifacts bucket.</summary>
    public string RegistryStack => $"{Options.Prefix}-registry";

    /// <summary>The application stack: network, cluster, services, database, alarms.</summary>
    public string ApplicationStack => $"{Options.Prefix}-app";

    /// <summary>The ECS cluster.</summary>
    public string Cluster => Options.Prefix;

    /// <summary>The ECR repository of a service.</summary>
    public string Repository(string service) => $"{Options.Prefix}-{service}";

    /// <summary>The log group of a service.</summary>
    public string LogGroup(string service) => $"/ecs/{Options.Prefix}-{service}";

    /// <summary>The ECS service name of a service.</summary>
    public string Service(string service) => $"{Options.Prefix}-{service}";

    /// <summary>The Secrets Manager name of an application secret.</summary>
    public string Secret(string name) => $"{Options.Prefix}/{name}";

    /// <summary>The SSM parameter name of an application setting.</summary>
    public string Parameter(string name) => $"/{Options.Prefix}/{name}";

    /// <summary>The template file of a stack in the publish output.</summary>
    public static string TemplateFile(string stackName) => $"{stackName}.template.json";
}
