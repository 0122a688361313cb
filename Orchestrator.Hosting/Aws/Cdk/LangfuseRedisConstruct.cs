using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// Langfuse's queue and cache: an ElastiCache Redis replication group in the private subnets with its
/// own security group, TLS in transit, encryption at rest, an AUTH token from Secrets Manager, and
/// <c>maxmemory-policy noeviction</c> (Langfuse queues events in Redis; an evicted one would be lost).
/// A replica with automatic failover in a second zone when the profile runs a Multi-AZ database.
/// </summary>
internal sealed class LangfuseRedisConstruct : Construct
{
    public const int Port = 6379;

    public LangfuseRedisConstruct(Construct scope, string id, AwsDeploymentModel model, NetworkConstruct network, ISecret authToken)
        : base(scope, id)
    {
        var defaults = model.Defaults.Langfuse;
        var multiAz = model.Options.Profile.MultiAzDatabase;
        SecurityGroup = new SecurityGroup(this, "security-group", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "Langfuse Redis: reachable only from the Langfuse web and worker tasks",
            AllowAllOutbound = false,
        });

        var subnets = new CfnSubnetGroup(this, "subnets", new CfnSubnetGroupProps
        {
            Description = "Langfuse Redis in the private subnets",
            SubnetIds = network.Vpc.SelectSubnets(NetworkConstruct.Private).SubnetIds,
        });
        var parameters = new CfnParameterGroup(this, "parameters", new CfnParameterGroupProps
        {
            CacheParameterGroupFamily = defaults.RedisParameterFamily,
            Description = "Langfuse queues events in Redis: never evict a key",
            Properties = new Dictionary<string, string> { ["maxmemory-policy"] = "noeviction" },
        });

        ReplicationGroup = new CfnReplicationGroup(this, "replication-group", new CfnReplicationGroupProps
        {
            ReplicationGroupDescription = $"Langfuse queues and cache of {model.Options.Prefix}",
            Engine = "redis",
            EngineVersion = defaults.RedisEngineVersion,
            CacheNodeType = defaults.RedisNodeType,
            NumCacheClusters = multiAz ? 2 : 1,
            AutomaticFailoverEnabled = multiAz,
            MultiAzEnabled = multiAz,
            CacheSubnetGroupName = subnets.Ref,
            CacheParameterGroupName = parameters.Ref,
            SecurityGroupIds = [SecurityGroup.SecurityGroupId],
            Port = Port,
            TransitEncryptionEnabled = true,
            AtRestEncryptionEnabled = true,
            AuthToken = authToken.SecretValue.UnsafeUnwrap(),
            AutoMinorVersionUpgrade = true,
            SnapshotRetentionLimit = multiAz ? model.Defaults.BackupRetentionDays : 1,
        });
        Nag.Acknowledge(ReplicationGroup, "AwsSolutions-AEC5", "The default port is kept for client compatibility; the group is in private subnets, its security group admits only the Langfuse tasks, and TLS and an AUTH token are required.");
        if (!multiAz)
        {
            Nag.Acknowledge(ReplicationGroup, "AwsSolutions-AEC4", "The dev profile runs one node to keep the cost down; the prod profile adds a replica with automatic failover in a second zone.");
        }

        ReplicationGroup.ApplyRemovalPolicy(model.Options.Profile.RetainData ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY);
    }

    public SecurityGroup SecurityGroup { get; }

    public CfnReplicationGroup ReplicationGroup { get; }

    /// <summary>The primary endpoint's address.</summary>
    public string Host => ReplicationGroup.AttrPrimaryEndPointAddress;
}
