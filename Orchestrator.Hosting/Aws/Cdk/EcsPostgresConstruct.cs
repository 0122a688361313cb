using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.EFS;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.ServiceDiscovery;
using Constructs;
using Orchestrator.Hosting.Aws.Model;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// The seed's second database option: PostgreSQL 15 as one Fargate task with its data directory on
/// an encrypted EFS file system, found through Cloud Map as <c>postgres.&lt;namespace&gt;</c>.
/// </summary>
internal sealed class EcsPostgresConstruct : Construct, IPostgresDeployment
{
    private readonly PostgresConnectionStrings _connectionStrings;

    public EcsPostgresConstruct(Construct scope, string id, AwsDeploymentModel model, NetworkConstruct network, Cluster cluster)
        : base(scope, id)
    {
        var database = model.Database!;
        var names = new AwsStackNames(model.Options);
        var retain = model.Options.Profile.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        SecurityGroup = new SecurityGroup(this, "security-group", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "PostgreSQL task: reachable only from the ECS services that use it",
            AllowAllOutbound = false,
        });
        SecurityGroup.AddEgressRule(Peer.AnyIpv4(), Amazon.CDK.AWS.EC2.Port.Tcp(443), "Image pulls and AWS APIs through the NAT gateways");

        var fileSystem = new Amazon.CDK.AWS.EFS.FileSystem(this, "data", new FileSystemProps
        {
            Vpc = network.Vpc,
            VpcSubnets = NetworkConstruct.Private,
            Encrypted = true,
            PerformanceMode = PerformanceMode.GENERAL_PURPOSE,
            ThroughputMode = ThroughputMode.BURSTING,
            RemovalPolicy = retain,
        });
        fileSystem.Connections.AllowDefaultPortFrom(SecurityGroup, "PostgreSQL data over NFS");
        SecurityGroup.AddEgressRule(fileSystem.Connections.SecurityGroups[0], Amazon.CDK.AWS.EC2.Port.Tcp(2049), "PostgreSQL data over NFS");
        var accessPoint = fileSystem.AddAccessPoint("pgdata", new AccessPointOptions
        {
            Path = "/pgdata",
            PosixUser = new PosixUser { Uid = "999", Gid = "999" },
            CreateAcl = new Acl { OwnerUid = "999", OwnerGid = "999", Permissions = "700" },
        });

        var credentials = Credentials = new Amazon.CDK.AWS.SecretsManager.Secret(this, "credentials", new SecretProps
        {
            SecretName = names.Secret("postgres/credentials"),
            GenerateSecretString = new SecretStringGenerator
            {
                SecretStringTemplate = "{\"username\":\"postgres\"}",
                GenerateStringKey = "password",
                ExcludePunctuation = true,
                PasswordLength = 32,
            },
            RemovalPolicy = retain,
        });
        Nag.Acknowledge(credentials, "AwsSolutions-SMG4", "The password is baked into the data directory at first start; rotating it needs an ALTER ROLE, done by redeploying.");

        var task = new FargateTaskDefinition(this, "task", new FargateTaskDefinitionProps
        {
            Cpu = 512,
            MemoryLimitMiB = 1024,
            Family = $"{model.Options.Prefix}-postgres",
            RuntimePlatform = new RuntimePlatform { CpuArchitecture = CpuArchitecture.ARM64, OperatingSystemFamily = OperatingSystemFamily.LINUX },
        });
        task.AddVolume(new Amazon.CDK.AWS.ECS.Volume
        {
            Name = "pgdata",
            EfsVolumeConfiguration = new EfsVolumeConfiguration
            {
                FileSystemId = fileSystem.FileSystemId,
                TransitEncryption = "ENABLED",
                AuthorizationConfig = new AuthorizationConfig { AccessPointId = accessPoint.AccessPointId, Iam = "ENABLED" },
            },
        });
        fileSystem.GrantReadWrite(task.TaskRole);

        var container = task.AddContainer("postgres", new ContainerDefinitionOptions
        {
            ContainerName = "postgres",
            Image = ContainerImage.FromRegistry(model.Defaults.EcsPostgresImage),
            Environment = new Dictionary<string, string>
            {
                ["POSTGRES_DB"] = database.Databases.Values.FirstOrDefault() ?? "postgres",
                ["PGDATA"] = "/var/lib/postgresql/data/pgdata",
            },
            Secrets = new Dictionary<string, EcsSecret>
            {
                ["POSTGRES_USER"] = EcsSecret.FromSecretsManager(credentials, "username"),
                ["POSTGRES_PASSWORD"] = EcsSecret.FromSecretsManager(credentials, "password"),
            },
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps
            {
                LogGroup = network.NewLogGroup(this, "logs", names.LogGroup("postgres"), model),
                StreamPrefix = "postgres",
            }),
            PortMappings = [new PortMapping { ContainerPort = Port, Name = "postgres" }],
        });
        container.AddMountPoints(new MountPoint { ContainerPath = "/var/lib/postgresql/data", SourceVolume = "pgdata", ReadOnly = false });
        Nag.Acknowledge(task, "AwsSolutions-ECS2", "Only the non-secret database name and data path are plain environment variables; credentials are ECS secrets.");

        var service = new FargateService(this, "service", new FargateServiceProps
        {
            Cluster = cluster,
            TaskDefinition = task,
            ServiceName = names.Service("postgres"),
            DesiredCount = 1,
            // One writer at a time on the data directory: stop the old task before starting the new one.
            MinHealthyPercent = 0,
            MaxHealthyPercent = 100,
            VpcSubnets = NetworkConstruct.Private,
            SecurityGroups = [SecurityGroup],
            CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
            CloudMapOptions = new CloudMapOptions { Name = "postgres", DnsRecordType = DnsRecordType.A, DnsTtl = Duration.Seconds(10) },
        });
        service.Node.AddDependency(fileSystem.MountTargetsAvailable);

        var host = Host = $"postgres.{model.CloudMapNamespace}";
        _connectionStrings = new PostgresConnectionStrings(this, model, credentials, host, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), SslMode);
    }

    public ISecurityGroup SecurityGroup { get; }

    public int Port => 5432;

    public string SslMode => "Prefer";

    public string Host { get; }

    public ISecret Credentials { get; }

    public ISecret ConnectionString(string? databaseResource) => _connectionStrings.For(databaseResource);
}
