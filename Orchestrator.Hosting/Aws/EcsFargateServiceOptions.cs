using Amazon.CDK.AWS.ECS;

namespace Orchestrator.Hosting.Aws;

/// <summary>How a project runs as an ECS Fargate service; unset values come from <see cref="AwsDefaults"/>.</summary>
public sealed class EcsFargateServiceOptions
{
    /// <summary>Tasks the service keeps running.</summary>
    public int? DesiredCount { get; set; }

    /// <summary>Task CPU units (1024 = 1 vCPU).</summary>
    public int? Cpu { get; set; }

    /// <summary>Task memory in MiB.</summary>
    public int? MemoryMiB { get; set; }

    /// <summary>The port the container listens on; also set as <c>ASPNETCORE_HTTP_PORTS</c>.</summary>
    public int? ContainerPort { get; set; }

    /// <summary>Autoscaling floor.</summary>
    public int? MinCapacity { get; set; }

    /// <summary>Autoscaling ceiling.</summary>
    public int? MaxCapacity { get; set; }

    /// <summary>The path the load balancer probes.</summary>
    public string? HealthCheckPath { get; set; }

    /// <summary>Put the service behind the internet-facing application load balancer.</summary>
    public bool WithLoadBalancer { get; set; }

    /// <summary>Changes the task-definition props before the construct is created.</summary>
    public Action<FargateTaskDefinitionProps>? ConfigureTaskDefinition { get; set; }

    /// <summary>Changes the container options before the container is added.</summary>
    public Action<ContainerDefinitionOptions>? ConfigureContainer { get; set; }

    /// <summary>Changes the service props before the construct is created.</summary>
    public Action<FargateServiceProps>? ConfigureServiceProps { get; set; }

    /// <summary>Works on the created service construct (extra alarms, policies, ...).</summary>
    public Action<FargateService>? ConfigureService { get; set; }
}
