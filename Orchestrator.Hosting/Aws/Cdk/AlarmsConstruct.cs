using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// The alarms of the seed, all notifying one encrypted SNS topic: service CPU and memory above 80 %,
/// running tasks below desired, error-log rate and database connection failures per service (log
/// metric filters), unhealthy targets and 5xx at the load balancer, RDS CPU, free storage and
/// connections, and Bedrock server errors, client errors and throttles per configured model.
/// </summary>
/// <remarks>
/// Bedrock errors are alarmed on the <c>AWS/Bedrock</c> metrics rather than on the services' EMF
/// metrics: Bedrock publishes them per model id whether or not EMF is on, they separate throttling
/// from failures, and an alarm needs a fixed dimension set, which the EMF metric's open-ended
/// <c>error.type</c> values cannot give.
/// </remarks>
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
        ForBedrock(model.Options);
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
        ForServiceLogs(service);
    }

    // Metric filters on the service's log group, and alarms on their rates.
    private void ForServiceLogs(FargateServiceConstruct service)
    {
        var name = service.Model.Name;
        var errors = LogMetric(service, "error-logs", LogAlarmPatterns.ErrorLogs, LogAlarmPatterns.ErrorLogsMetric(name));
        var limit = _defaults.ErrorLogsAlarmPerMinute;
        Add($"{name}-error-logs", errors, limit, ComparisonOperator.GREATER_THAN_THRESHOLD, $"{name}: more than {limit} error logs a minute");
        var database = LogMetric(service, "database-connection-failures", LogAlarmPatterns.DatabaseConnectionFailures, LogAlarmPatterns.DatabaseConnectionFailuresMetric(name));
        Add($"{name}-database-connection-failures", database, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, $"{name}: cannot connect to PostgreSQL");
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

    private void ForBedrock(AwsCdkEnvironmentOptions options)
    {
        var models = options.BedrockModelIds.Concat(options.BedrockInferenceProfileIds).Distinct(StringComparer.Ordinal);
        foreach (var model in models)
        {
            var id = $"bedrock-{ConstructId(model)}";
            Add($"{id}-server-errors", BedrockMetric("InvocationServerErrors", model), _defaults.BedrockErrorsAlarmPerMinute, ComparisonOperator.GREATER_THAN_THRESHOLD, $"Bedrock {model}: more than {_defaults.BedrockErrorsAlarmPerMinute} server errors a minute");
            Add($"{id}-client-errors", BedrockMetric("InvocationClientErrors", model), _defaults.BedrockErrorsAlarmPerMinute, ComparisonOperator.GREATER_THAN_THRESHOLD, $"Bedrock {model}: more than {_defaults.BedrockErrorsAlarmPerMinute} client errors a minute (access, validation)");
            Add($"{id}-throttles", BedrockMetric("InvocationThrottles", model), _defaults.BedrockThrottlesAlarmPerMinute, ComparisonOperator.GREATER_THAN_THRESHOLD, $"Bedrock {model}: more than {_defaults.BedrockThrottlesAlarmPerMinute} throttled invocations a minute");
        }
    }

    private static Metric BedrockMetric(string metricName, string modelId) => new(new MetricProps
    {
        Namespace = "AWS/Bedrock",
        MetricName = metricName,
        DimensionsMap = new Dictionary<string, string> { ["ModelId"] = modelId },
        Statistic = "Sum",
        Period = Duration.Minutes(1),
    });

    private Metric LogMetric(FargateServiceConstruct service, string id, string pattern, string metricName)
    {
        var filter = new MetricFilter(this, $"{service.Model.Name}-{id}-filter", new MetricFilterProps
        {
            LogGroup = service.LogGroup,
            FilterPattern = FilterPattern.Literal(pattern),
            MetricNamespace = LogAlarmPatterns.Namespace,
            MetricName = metricName,
            MetricValue = "1",
            // A zero for every line that does not match keeps the metric present, so the alarm sees data.
            DefaultValue = 0,
            Unit = Unit.COUNT,
        });
        return filter.Metric(Every("Sum"));
    }

    private static string ConstructId(string text) => string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

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
