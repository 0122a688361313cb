using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ServiceDiscovery;
using Constructs;
using Orchestrator.Hosting.Aws.Model;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>What a <see cref="PublicImageServiceConstruct"/> runs.</summary>
/// <param name="Name">The service name: family, log group, ECS service and Cloud Map name.</param>
/// <param name="Image">The public image with its pinned tag.</param>
/// <param name="Cpu">Task CPU units.</param>
/// <param name="MemoryMiB">Task memory.</param>
/// <param name="DesiredCount">Tasks kept running.</param>
/// <param name="Ports">The container ports.</param>
/// <param name="Environment">Plain (non-secret) variables.</param>
/// <param name="Secrets">Variables injected from Secrets Manager.</param>
/// <param name="SingleWriter">Stop the old task before starting the new one (a data directory with one writer).</param>
/// <param name="MaxCount">
/// The most tasks CPU and memory autoscaling may run (at the deployment's target utilisations); at or below
/// <paramref name="DesiredCount"/>, or with a single writer, the count stays fixed.
/// </param>
internal sealed record PublicImageService(
    string Name,
    string Image,
    int Cpu,
    int MemoryMiB,
    int DesiredCount,
    IReadOnlyList<int> Ports,
    IDictionary<string, string> Environment,
    IDictionary<string, EcsSecret> Secrets,
    bool SingleWriter = false,
    int MaxCount = 0);

/// <summary>
/// A Fargate service running a public image (not one of the app's ECR repositories) in the private
/// subnets: its own security group with only HTTPS egress to start with, a log group with the profile's
/// retention, a Cloud Map name, the circuit breaker with rollback, and autoscaling when it may run more tasks.
/// </summary>
internal sealed class PublicImageServiceConstruct : Construct
{
    public PublicImageServiceConstruct(Construct scope, PublicImageService service, AwsDeploymentModel model, NetworkConstruct network, Cluster cluster, string description)
        : base(scope, service.Name)
    {
        var names = new AwsStackNames(model.Options);
        SecurityGroup = new SecurityGroup(this, "security-group", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = description,
            AllowAllOutbound = false,
        });
        SecurityGroup.AddEgressRule(Peer.AnyIpv4(), Amazon.CDK.AWS.EC2.Port.Tcp(443), "Image pulls and AWS APIs (Secrets Manager, S3) through the NAT gateways");

        TaskDefinition = new FargateTaskDefinition(this, "task", new FargateTaskDefinitionProps
        {
            Cpu = service.Cpu,
            MemoryLimitMiB = service.MemoryMiB,
            Family = names.Service(service.Name),
            RuntimePlatform = FargateServiceConstruct.Platform(model.Defaults),
        });
        Container = TaskDefinition.AddContainer("container", new ContainerDefinitionOptions
        {
            ContainerName = service.Name,
            Image = ContainerImage.FromRegistry(service.Image),
            Environment = service.Environment,
            Secrets = service.Secrets,
            Essential = true,
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps
            {
                LogGroup = network.NewLogGroup(this, "logs", names.LogGroup(service.Name), model),
                StreamPrefix = service.Name,
            }),
            PortMappings = [.. service.Ports.Select(p => new PortMapping { ContainerPort = p, Protocol = Amazon.CDK.AWS.ECS.Protocol.TCP })],
        });
        Nag.Acknowledge(TaskDefinition, "AwsSolutions-ECS2", "Plain environment variables carry only non-secret values (URLs, bucket name, user names); every secret is injected as an ECS secret.");

        Service = new FargateService(this, "service", new FargateServiceProps
        {
            Cluster = cluster,
            TaskDefinition = TaskDefinition,
            ServiceName = names.Service(service.Name),
            DesiredCount = service.DesiredCount,
            MinHealthyPercent = service.SingleWriter ? 0 : 100,
            MaxHealthyPercent = service.SingleWriter ? 100 : 200,
            VpcSubnets = NetworkConstruct.Private,
            SecurityGroups = [SecurityGroup],
            AssignPublicIp = false,
            CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
            CloudMapOptions = new CloudMapOptions { Name = service.Name, DnsRecordType = DnsRecordType.A, DnsTtl = Duration.Seconds(10) },
            PropagateTags = PropagatedTagSource.SERVICE,
            EnableECSManagedTags = true,
        });
        if (service.MaxCount > service.DesiredCount && !service.SingleWriter)
        {
            var scaling = Service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = service.DesiredCount, MaxCapacity = service.MaxCount });
            scaling.ScaleOnCpuUtilization("cpu-scaling", new CpuUtilizationScalingProps { TargetUtilizationPercent = model.Defaults.ScaleCpuPercent });
            scaling.ScaleOnMemoryUtilization("memory-scaling", new MemoryUtilizationScalingProps { TargetUtilizationPercent = model.Defaults.ScaleMemoryPercent });
        }
    }

    public SecurityGroup SecurityGroup { get; }

    public FargateTaskDefinition TaskDefinition { get; }

    public ContainerDefinition Container { get; }

    public FargateService Service { get; }
}
