using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Aws;

/// <summary>Marks a project to publish as an ECS Fargate service.</summary>
/// <param name="Options">How the service runs.</param>
public sealed record EcsFargateServiceAnnotation(EcsFargateServiceOptions Options) : IResourceAnnotation;
