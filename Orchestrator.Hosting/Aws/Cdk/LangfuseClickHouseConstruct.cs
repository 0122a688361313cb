using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.EFS;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Orchestrator.Hosting.Aws.Model;
using Orchestrator.Hosting.Langfuse;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// Langfuse's trace store: one ClickHouse task with <c>/var/lib/clickhouse</c> on an encrypted EFS file
/// system (through an access point owned by ClickHouse's user, TLS and IAM on the mount), found through
/// Cloud Map. One task, replaced stop-first, because the data directory has one writer.
/// </summary>
internal sealed class LangfuseClickHouseConstruct : Construct
{
    // The clickhouse user and group of the official image.
    private const string ClickHouseUid = "101";

    public LangfuseClickHouseConstruct(Construct scope, string id, AwsDeploymentModel model, NetworkConstruct network, Cluster cluster, ISecret password)
        : base(scope, id)
    {
        var langfuse = model.Langfuse!;
        var defaults = model.Defaults.Langfuse;
        FileSystem = new Amazon.CDK.AWS.EFS.FileSystem(this, "data", new FileSystemProps
        {
            Vpc = network.Vpc,
            VpcSubnets = NetworkConstruct.Private,
            Encrypted = true,
            PerformanceMode = PerformanceMode.GENERAL_PURPOSE,
            ThroughputMode = ThroughputMode.ELASTIC,
            RemovalPolicy = model.Options.Profile.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
        });
        var accessPoint = FileSystem.AddAccessPoint("clickhouse", new AccessPointOptions
        {
            Path = "/clickhouse",
            PosixUser = new PosixUser { Uid = ClickHouseUid, Gid = ClickHouseUid },
            CreateAcl = new Acl { OwnerUid = ClickHouseUid, OwnerGid = ClickHouseUid, Permissions = "750" },
        });

        Server = new PublicImageServiceConstruct(this, new PublicImageService(
            langfuse.ClickHouseName,
            defaults.ClickHouseImage,
            defaults.ClickHouseCpu,
            defaults.ClickHouseMemoryMiB,
            DesiredCount: 1,
            [LangfuseConventions.ClickHouseHttpPort, LangfuseConventions.ClickHouseNativePort],
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["CLICKHOUSE_USER"] = LangfuseConventions.ClickHouseUser,
                // The access point already owns the directory as the clickhouse user; a chown over NFS is refused.
                ["CLICKHOUSE_DO_NOT_CHOWN"] = "1",
            },
            new Dictionary<string, EcsSecret>(StringComparer.Ordinal) { ["CLICKHOUSE_PASSWORD"] = EcsSecret.FromSecretsManager(password) },
            SingleWriter: true), model, network, cluster, "Langfuse ClickHouse: reachable only from the Langfuse web and worker tasks");

        Server.TaskDefinition.AddVolume(new Amazon.CDK.AWS.ECS.Volume
        {
            Name = "clickhouse-data",
            EfsVolumeConfiguration = new EfsVolumeConfiguration
            {
                FileSystemId = FileSystem.FileSystemId,
                TransitEncryption = "ENABLED",
                AuthorizationConfig = new AuthorizationConfig { AccessPointId = accessPoint.AccessPointId, Iam = "ENABLED" },
            },
        });
        Server.Container.AddMountPoints(new MountPoint { ContainerPath = "/var/lib/clickhouse", SourceVolume = "clickhouse-data", ReadOnly = false });
        // ClickHouse's documented minimum for open files.
        Server.Container.AddUlimits(new Ulimit { Name = UlimitName.NOFILE, SoftLimit = 262144, HardLimit = 262144 });
        FileSystem.GrantReadWrite(Server.TaskDefinition.TaskRole);
        SecurityGroupLinks.Allow(Server.SecurityGroup, FileSystem.Connections.SecurityGroups[0], 2049, "ClickHouse data over NFS");
        Server.Service.Node.AddDependency(FileSystem.MountTargetsAvailable);
    }

    public Amazon.CDK.AWS.EFS.FileSystem FileSystem { get; }

    public PublicImageServiceConstruct Server { get; }
}
