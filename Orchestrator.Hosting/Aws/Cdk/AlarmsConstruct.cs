using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// The alarms of the seed, all notifying one encrypted SNS topic: service CPU and memory above 80 %,
/// running tasks below desired, unhealthy targets and 5xx at the load balancer, and RDS CPU, free
/// storage and connections.
/// </summary>
internal sealed class AlarmsConstruct : Construct
{
    private readonly SnsAction _notify;
    private readonly AwsDefaults _defaults;
    private readonly string _cluster;

    public AlarmsConstruct(Construct scope, string id, AwsDeploymentModel model)
        : base(scope, id)
    {
        _defaults = model.Defaults;
        _cluster = new AwsStackNames(model.Options).Cluster;
        Topic = new Topic(this, "topic", new TopicProps
        {
            TopicName = $"{model.Options.Prefix}-alarms",
            MasterKey = Alias.FromAliasName(this, "sns-key", "alias/aws/sns"),
            EnforceSSL = true,
        });
        if (model.Options.AlarmEmail is not null)
        {
            Topic.AddSubscription(new EmailSubscription(model.Options.AlarmEmail));
        }

        _notify = new SnsAction(Topic);
    }

    public Topic Topic { get; }

    public void ForService(FargateServiceConstruct service)
    {
        var name = service.Model.Name;
        var percent = _defaults.UtilisationAlarmPercent;
        Add($"{name}-cpu", service.Service.MetricCpuUtilization(Every()), percent, ComparisonOperator.GREATER_THAN_THRESHOLD, $"{name}: CPU above {percent} %");
        Add($"{name}-memory", service.Service.MetricMemoryUtilization(Every()), percent, ComparisonOperator.GREATER_THAN_THRESHOLD, $"{name}: memory above {percent} %");
        var serviceName = service.Service.ServiceName;
        var missing = new MathExpression(new MathExpressionProps
        {
            Expression = "desired - running",
            Label = "tasks missing",
            Period = Duration.Minutes(1),
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["desired"] = InsightsMetric("DesiredTaskCount", serviceName),
                ["running"] = InsightsMetric("RunningTaskCount", serviceName),
            },
        });
        Add($"{name}-running-tasks", missing, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, $"{name}: fewer tasks running than desired");
    }

    public void ForLoadBalancer(ApplicationLoadBalancer loadBalancer, ApplicationTargetGroup targets, string service)
    {
        Add($"{service}-unhealthy-hosts", targets.Metrics.UnhealthyHostCount(Every()), 0, ComparisonOperator.GREATER_THAN_THRESHOLD, $"{service}: unhealthy targets behind the load balancer");
        Add($"{service}-target-5xx", targets.Metrics.HttpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, Every("Sum")), 10, ComparisonOperator.GREATER_THAN_THRESHOLD, $"{service}: more than 10 5xx responses a minute");
        Add("alb-5xx", loadBalancer.Metrics.HttpCodeElb(HttpCodeElb.ELB_5XX_COUNT, Every("Sum")), 10, ComparisonOperator.GREATER_THAN_THRESHOLD, "Load balancer: more than 10 5xx responses a minute");
    }

    public void ForDatabase(DatabaseInstance database)
    {
        var percent = _defaults.UtilisationAlarmPercent;
        Add("rds-cpu", database.MetricCPUUtilization(Every()), percent, ComparisonOperator.GREATER_THAN_THRESHOLD, $"PostgreSQL: CPU above {percent} %");
        Add("rds-free-storage", database.MetricFreeStorageSpace(Every()), _defaults.DatabaseFreeStorageAlarmGiB * 1024d * 1024 * 1024, ComparisonOperator.LESS_THAN_THRESHOLD, $"PostgreSQL: less than {_defaults.DatabaseFreeStorageAlarmGiB} GiB free");
        Add("rds-connections", database.MetricDatabaseConnections(Every()), _defaults.DatabaseConnectionsAlarm, ComparisonOperator.GREATER_THAN_THRESHOLD, $"PostgreSQL: more than {_defaults.DatabaseConnectionsAlarm} connections");
    }

    private Metric InsightsMetric(string metricName, string serviceName) => new(new MetricProps
    {
        Namespace = "ECS/ContainerInsights",
        MetricName = metricName,
        DimensionsMap = new Dictionary<string, string> { ["ClusterName"] = _cluster, ["ServiceName"] = serviceName },
        Statistic = "Average",
        Period = Duration.Minutes(1),
    });

    private static MetricOptions Every(string statistic = "Average") => new() { Period = Duration.Minutes(1), Statistic = statistic };

    private void Add(string id, IMetric metric, double threshold, ComparisonOperator comparison, string description)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            Metric = metric,
            Threshold = threshold,
            ComparisonOperator = comparison,
            EvaluationPeriods = 3,
            DatapointsToAlarm = 3,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
            AlarmDescription = description,
        });
        alarm.AddAlarmAction(_notify);
    }
}
