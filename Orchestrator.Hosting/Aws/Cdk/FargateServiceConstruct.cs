using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.ServiceDiscovery;
using Constructs;
using Orchestrator.Hosting.Aws.Model;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// One project as a Fargate service: task definition, container from its ECR repository at the
/// deployed tag, log group, Cloud Map name, circuit breaker with rollback, private subnets, its own
/// security group, and autoscaling on CPU and memory.
/// </summary>
internal sealed class FargateServiceConstruct : Construct
{
    public FargateServiceConstruct(
        Construct scope,
        AwsServiceModel service,
        AwsDeploymentModel model,
        NetworkConstruct network,
        Cluster cluster,
        TaskValueResolver values,
        string imageTag)
        : base(scope, service.Name)
    {
        Model = service;
        var names = new AwsStackNames(model.Options);
        var profile = model.Options.Profile;

        SecurityGroup = new SecurityGroup(this, "security-group", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = $"{service.Name}: ingress only from its callers on port {service.ContainerPort}",
            AllowAllOutbound = false,
        });
        SecurityGroup.AddEgressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS to AWS APIs (ECR, Secrets Manager, Bedrock) and external services through the NAT gateways");

        var taskProps = new FargateTaskDefinitionProps
        {
            Cpu = service.Cpu,
            MemoryLimitMiB = service.MemoryMiB,
            Family = names.Service(service.Name),
            RuntimePlatform = Platform(model.Defaults),
        };
        service.Options.ConfigureTaskDefinition?.Invoke(taskProps);
        TaskDefinition = new FargateTaskDefinition(this, "task", taskProps);

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = new Dictionary<string, EcsSecret>(StringComparer.Ordinal);
        values.Apply(service, environment, secrets);

        LogGroup = network.NewLogGroup(this, "logs", names.LogGroup(service.Name), model);
        var repository = Repository.FromRepositoryName(this, "repository", names.Repository(service.Name));
        var containerOptions = new ContainerDefinitionOptions
        {
            ContainerName = service.Name,
            Image = ContainerImage.FromEcrRepository(repository, imageTag),
            Environment = environment,
            Secrets = secrets,
            Essential = true,
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps
            {
                LogGroup = LogGroup,
                StreamPrefix = service.Name,
            }),
            PortMappings = [new PortMapping { ContainerPort = service.ContainerPort, Name = "http", Protocol = Amazon.CDK.AWS.ECS.Protocol.TCP }],
        };
        service.Options.ConfigureContainer?.Invoke(containerOptions);
        TaskDefinition.AddContainer("container", containerOptions);
        Nag.Acknowledge(TaskDefinition, "AwsSolutions-ECS2", "Plain environment variables carry only non-secret values (service URLs, ports); every secret is injected as an ECS secret.");
        Nag.Acknowledge(TaskDefinition, "AwsSolutions-IAM5[Resource::*]", "ecr:GetAuthorizationToken and the CloudWatch/X-Ray calls the ECS agent makes do not support resource-level permissions.");

        GrantBedrock(model, TaskDefinition.TaskRole);

        var capacity = new List<ICapacityProviderStrategy> { new CapacityProviderStrategy { CapacityProvider = "FARGATE", Base = 1, Weight = 1 } };
        if (profile.UseFargateSpot)
        {
            capacity.Add(new CapacityProviderStrategy { CapacityProvider = "FARGATE_SPOT", Weight = 1 });
        }

        var serviceProps = new FargateServiceProps
        {
            Cluster = cluster,
            TaskDefinition = TaskDefinition,
            ServiceName = names.Service(service.Name),
            DesiredCount = service.DesiredCount,
            MinHealthyPercent = 100,
            MaxHealthyPercent = 200,
            VpcSubnets = NetworkConstruct.Private,
            SecurityGroups = [SecurityGroup],
            AssignPublicIp = false,
            CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
            CloudMapOptions = new CloudMapOptions { Name = service.Name, DnsRecordType = DnsRecordType.A, DnsTtl = Duration.Seconds(10), ContainerPort = service.ContainerPort },
            CapacityProviderStrategies = [.. capacity],
            PropagateTags = PropagatedTagSource.SERVICE,
            EnableECSManagedTags = true,
            HealthCheckGracePeriod = service.WithLoadBalancer ? Duration.Seconds(60) : null,
        };
        service.Options.ConfigureServiceProps?.Invoke(serviceProps);
        Service = new FargateService(this, "service", serviceProps);

        Scaling = Service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = service.MinCapacity, MaxCapacity = service.MaxCapacity });
        Scaling.ScaleOnCpuUtilization("cpu-scaling", new CpuUtilizationScalingProps { TargetUtilizationPercent = model.Defaults.ScaleCpuPercent });
        Scaling.ScaleOnMemoryUtilization("memory-scaling", new MemoryUtilizationScalingProps { TargetUtilizationPercent = model.Defaults.ScaleMemoryPercent });
        service.Options.ConfigureService?.Invoke(Service);
    }

    public AwsServiceModel Model { get; }

    public SecurityGroup SecurityGroup { get; }

    public FargateTaskDefinition TaskDefinition { get; }

    /// <summary>The log group the container's stdout goes to (logs and EMF metrics).</summary>
    public LogGroup LogGroup { get; }

    public FargateService Service { get; }

    public ScalableTaskCount Scaling { get; }

    /// <summary>Linux on the CPU architecture of the defaults.</summary>
    public static RuntimePlatform Platform(AwsDefaults defaults) => new()
    {
        CpuArchitecture = defaults.CpuArchitecture == "ARM64" ? CpuArchitecture.ARM64 : CpuArchitecture.X86_64,
        OperatingSystemFamily = OperatingSystemFamily.LINUX,
    };

    /// <summary>Lets this service call another on its container port, and nothing else of it.</summary>
    public void AllowCallsTo(FargateServiceConstruct target) =>
        SecurityGroupLinks.Allow(SecurityGroup, target.SecurityGroup, target.Model.ContainerPort, $"{Model.Name} calls {target.Model.Name}");

    /// <summary>Lets this service connect to the database.</summary>
    public void AllowDatabase(IPostgresDeployment database) =>
        SecurityGroupLinks.Allow(SecurityGroup, database.SecurityGroup, database.Port, $"{Model.Name} uses PostgreSQL");

    // Converse and ConverseStream are authorised by the InvokeModel actions; the resources are the
    // configured models and inference profiles only.
    private void GrantBedrock(AwsDeploymentModel deployment, IRole taskRole)
    {
        var resources = BedrockArns.For(deployment.Options).ToArray();
        if (resources.Length == 0)
        {
            return;
        }

        taskRole.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "InvokeConfiguredBedrockModels",
            Actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            Resources = resources,
        }));
        foreach (var model in BedrockArns.CrossRegionModels(deployment.Options))
        {
            Nag.Acknowledge(TaskDefinition, $"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:bedrock:*::foundation-model/{model}]",
                "A cross-region inference profile routes to its foundation model in any region of the profile, so the model ARN has a region wildcard; the model itself is named.");
        }
    }
}
