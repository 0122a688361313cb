namespace Orchestrator.Hosting.Aws.Model;

/// <summary>The application as it will run on AWS: what the stacks and the cost report are built from.</summary>
/// <param name="Options">Where and how to publish.</param>
/// <param name="Defaults">The versioned defaults in force.</param>
/// <param name="Services">The Fargate services, in model order.</param>
/// <param name="Database">The PostgreSQL server, when the model has one.</param>
/// <param name="Settings">The parameters the services receive.</param>
public sealed record AwsDeploymentModel(
    AwsCdkEnvironmentOptions Options,
    AwsDefaults Defaults,
    IReadOnlyList<AwsServiceModel> Services,
    AwsDatabaseModel? Database,
    IReadOnlyList<AwsSettingModel> Settings)
{
    /// <summary>The private DNS namespace services find each other in.</summary>
    public string CloudMapNamespace => $"{Options.ApplicationName}.local";

    /// <summary>The service with the given name.</summary>
    public AwsServiceModel Service(string name) => Services.Single(s => s.Name == name);

    /// <summary>The self-hosted Langfuse, when the AppHost runs Langfuse in container mode; null otherwise.</summary>
    public AwsLangfuseModel? Langfuse { get; init; }
}

/// <summary>One project as an ECS Fargate service.</summary>
/// <param name="Name">The resource name; also the Cloud Map name.</param>
/// <param name="ProjectPath">The .csproj to publish as a container image.</param>
/// <param name="ContainerPort">The port the container listens on.</param>
/// <param name="DesiredCount">Tasks kept running.</param>
/// <param name="Cpu">Task CPU units.</param>
/// <param name="MemoryMiB">Task memory.</param>
/// <param name="MinCapacity">Autoscaling floor.</param>
/// <param name="MaxCapacity">Autoscaling ceiling.</param>
/// <param name="WithLoadBalancer">Whether the service sits behind the ALB.</param>
/// <param name="HealthCheckPath">The path the ALB probes.</param>
/// <param name="Environment">The environment variables, in name order.</param>
/// <param name="Options">The customisation callbacks.</param>
public sealed record AwsServiceModel(
    string Name,
    string ProjectPath,
    int ContainerPort,
    int DesiredCount,
    int Cpu,
    int MemoryMiB,
    int MinCapacity,
    int MaxCapacity,
    bool WithLoadBalancer,
    string HealthCheckPath,
    IReadOnlyList<AwsEnvironmentVariable> Environment,
    EcsFargateServiceOptions Options)
{
    /// <summary>The services this one calls (from its endpoint references).</summary>
    public IEnumerable<string> ReferencedServices => Environment.SelectMany(e => Flatten(e.Value))
        .OfType<AwsServiceEndpoint>().Select(e => e.Service).Distinct(StringComparer.Ordinal);

    /// <summary>Whether this service connects to the PostgreSQL server.</summary>
    public bool UsesDatabase => Environment.SelectMany(e => Flatten(e.Value)).Any(v => v is AwsDatabaseConnection or AwsDatabaseEndpoint or AwsDatabaseCredential);

    /// <summary>Whether this service sends traces to the self-hosted Langfuse.</summary>
    public bool UsesLangfuse => Environment.SelectMany(e => Flatten(e.Value)).Any(v => v is AwsLangfuseConnection);

    /// <summary>The value and, for a composite, all its parts.</summary>
    public static IEnumerable<AwsValue> Flatten(AwsValue value) => value is AwsComposite c
        ? c.Parts.SelectMany(Flatten).Prepend(value)
        : [value];
}

/// <summary>An environment variable of a service.</summary>
/// <param name="Name">The variable name.</param>
/// <param name="Value">Its value.</param>
public sealed record AwsEnvironmentVariable(string Name, AwsValue Value);

/// <summary>The PostgreSQL server.</summary>
/// <param name="ResourceName">The server resource name.</param>
/// <param name="Hosting">RDS or ECS with EFS.</param>
/// <param name="MultiAz">Whether RDS keeps a standby.</param>
/// <param name="InstanceClass">The RDS instance class.</param>
/// <param name="Databases">The databases referenced by services (resource name → database name).</param>
public sealed record AwsDatabaseModel(
    string ResourceName,
    AwsPostgresHosting Hosting,
    bool MultiAz,
    string InstanceClass,
    IReadOnlyDictionary<string, string> Databases);

/// <summary>An application parameter.</summary>
/// <param name="Name">The parameter resource name.</param>
/// <param name="Secret">Secret: Secrets Manager; otherwise SSM Parameter Store.</param>
/// <param name="Default">The value known at publish time, if any (never for secrets).</param>
public sealed record AwsSettingModel(string Name, bool Secret, string? Default);
