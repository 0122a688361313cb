using Amazon.CDK;
using Amazon.CDK.AWS.CloudTrail;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.ServiceDiscovery;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// The second stack: network, ECS cluster with Cloud Map, one Fargate service per project at the
/// image tag given by the <c>ImageTag</c> parameter, the database, the load balancer, alarms and the
/// optional audit trail. The application's settings and secrets come from the registry stack.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "AWS CDK names stack classes *Stack.")]
public sealed class ApplicationStack : Stack
{
    /// <summary>The CloudFormation parameter carrying the image tag.</summary>
    public const string ImageTagParameter = "ImageTag";

    /// <summary>The output naming the cluster.</summary>
    public const string ClusterOutput = "ClusterName";

    /// <summary>Builds the stack.</summary>
    public ApplicationStack(Construct scope, string id, IStackProps props, AwsDeploymentModel model, RegistryStack registry)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var names = new AwsStackNames(model.Options);
        var imageTag = new CfnParameter(this, ImageTagParameter, new CfnParameterProps
        {
            Type = "String",
            Description = "The container image tag every service runs (pushed by the deploy step).",
            AllowedPattern = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}",
        });
        imageTag.OverrideLogicalId(ImageTagParameter);

        var network = new NetworkConstruct(this, "network", model);
        Cluster = new Cluster(this, "cluster", new ClusterProps
        {
            Vpc = network.Vpc,
            ClusterName = names.Cluster,
            ContainerInsightsV2 = ContainerInsights.ENABLED,
            EnableFargateCapacityProviders = true,
            DefaultCloudMapNamespace = new CloudMapNamespaceOptions
            {
                Name = model.CloudMapNamespace,
                Type = NamespaceType.DNS_PRIVATE,
                Vpc = network.Vpc,
            },
        });
        _ = new CfnOutput(this, ClusterOutput, new CfnOutputProps { Value = Cluster.ClusterName });

        var alarms = new AlarmsConstruct(this, "alarms", model);
        IPostgresDeployment? database = model.Database?.Hosting switch
        {
            AwsPostgresHosting.Rds => new RdsPostgresConstruct(this, "postgres", model, network),
            AwsPostgresHosting.EcsWithEfs => new EcsPostgresConstruct(this, "postgres", model, network, Cluster),
            _ => null,
        };
        if (database is RdsPostgresConstruct rds)
        {
            alarms.ForDatabase(rds.Instance);
        }

        var langfuse = model.Langfuse is null ? null : new LangfuseConstruct(this, "langfuse", model, network, Cluster, database!);
        var values = new TaskValueResolver(this, model, registry.Settings, database, imageTag.ValueAsString, langfuse);
        var services = model.Services.ToDictionary(
            s => s.Name,
            s => new FargateServiceConstruct(this, s, model, network, Cluster, values, imageTag.ValueAsString),
            StringComparer.Ordinal);

        langfuse?.AdmitCallers(services.Values);
        LoadBalancerConstruct? loadBalancer = null;
        foreach (var service in services.Values)
        {
            foreach (var target in service.Model.ReferencedServices)
            {
                service.AllowCallsTo(services[target]);
            }

            if (service.Model.UsesDatabase && database is not null)
            {
                service.AllowDatabase(database);
            }

            alarms.ForService(service);
            if (service.Model.WithLoadBalancer)
            {
                loadBalancer ??= new LoadBalancerConstruct(this, "load-balancer", model, network);
                var targets = loadBalancer.Route(service);
                service.Scaling.ScaleOnRequestCount("request-scaling", new RequestCountScalingProps
                {
                    RequestsPerTarget = model.Defaults.ScaleRequestsPerTarget,
                    TargetGroup = targets,
                });
                alarms.ForLoadBalancer(loadBalancer.LoadBalancer, targets, service.Model.Name);
            }
        }

        if (model.Options.EnableCloudTrail)
        {
            AddTrail(model, network);
        }
    }

    /// <summary>The ECS cluster.</summary>
    public Cluster Cluster { get; }

    private void AddTrail(AwsDeploymentModel model, NetworkConstruct network)
    {
        var retain = model.Options.Profile.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        var trailBucket = new Bucket(this, "trail-bucket", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            Versioned = true,
            RemovalPolicy = retain,
        });
        Nag.Acknowledge(trailBucket, "AwsSolutions-S1", "The CloudTrail bucket is itself the audit record; its object-level access is logged by the trail.");
        _ = new Trail(this, "trail", new TrailProps
        {
            Bucket = trailBucket,
            IsMultiRegionTrail = true,
            EnableFileValidation = true,
            IncludeGlobalServiceEvents = true,
            SendToCloudWatchLogs = true,
            CloudWatchLogGroup = network.NewLogGroup(this, "trail-logs", $"/cloudtrail/{model.Options.Prefix}", model),
        });
    }
}
