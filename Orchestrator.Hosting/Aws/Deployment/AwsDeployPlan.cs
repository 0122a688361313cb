namespace Orchestrator.Hosting.Aws.Deployment;

/// <summary>What the deploy, destroy and rollback steps act on; written by the publish step.</summary>
/// <param name="OutputDirectory">The publish output holding the templates.</param>
/// <param name="RegistryStack">The registry stack name.</param>
/// <param name="ApplicationStack">The application stack name.</param>
/// <param name="Cluster">The ECS cluster name.</param>
/// <param name="Region">The region, or null for the CLI's default.</param>
/// <param name="Services">The services to build and push.</param>
/// <param name="Secrets">The secrets whose values the deploy step writes.</param>
/// <param name="ParameterOverrides">Values of the registry stack's setting parameters (defaults from publish otherwise).</param>
public sealed record AwsDeployPlan(
    string OutputDirectory,
    string RegistryStack,
    string ApplicationStack,
    string Cluster,
    string? Region,
    IReadOnlyList<AwsDeployService> Services,
    IReadOnlyList<AwsDeploySecret> Secrets,
    IReadOnlyDictionary<string, string> ParameterOverrides);

/// <summary>A service to build, push and wait for.</summary>
/// <param name="Name">The resource name.</param>
/// <param name="ProjectPath">The project to publish as a container.</param>
/// <param name="Repository">The ECR repository name.</param>
/// <param name="EcsService">The ECS service name.</param>
public sealed record AwsDeployService(string Name, string ProjectPath, string Repository, string EcsService);

/// <summary>A Secrets Manager secret and its value, when the AppHost knows it.</summary>
/// <param name="SecretName">The secret name.</param>
/// <param name="Value">The value, or null to leave the secret as it is.</param>
public sealed record AwsDeploySecret(string SecretName, string? Value);
