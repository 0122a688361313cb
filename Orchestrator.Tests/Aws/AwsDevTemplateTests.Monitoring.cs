using System.Text.Json;
using Amazon.CDK.Assertions;
using Orchestrator.Hosting.Aws;
using Orchestrator.Hosting.Aws.Cdk;

namespace Orchestrator.Tests.Aws;

/// <summary>Metrics and alarms of issue #8: EMF and JSON logs on every task, log metric filters, Bedrock alarms.</summary>
public sealed partial class AwsDevTemplateTests
{
    private static readonly string[] Services = ["cortex", "graph", "agentcore"];

    [Theory]
    [InlineData("cortex")]
    [InlineData("graph")]
    [InlineData("agentcore")]
    public void Container_Telemetry_EmfOnJsonLogsAndServiceName(string service)
    {
        var container = Container(service);
        Assert.Equal("true", Env(container, "Orchestrator__Telemetry__Emf__Enabled"));
        Assert.Equal("Orchestrator__Telemetry__Emf__Enabled", EcsTelemetryEnvironment.EmfEnabled);
        Assert.Equal("json", Env(container, "Logging__Console__FormatterName"));
        Assert.Equal(service, Env(container, "OTEL_SERVICE_NAME"));
        Assert.Equal("awslogs", container.GetProperty("LogConfiguration").GetProperty("LogDriver").GetString());
    }

    [Fact]
    public void LogMetricFilters_EveryServiceLogGroup_CountsErrorLogsAndDatabaseConnectionFailures()
    {
        App.ResourceCountIs("AWS::Logs::MetricFilter", 2 * Services.Length);
        foreach (var service in Services)
        {
            var logGroup = LogicalId("AWS::Logs::LogGroup", "LogGroupName", $"/ecs/multi-agent-orchestrator-dev-{service}");
            foreach (var (pattern, metric) in new[]
            {
                (LogAlarmPatterns.ErrorLogs, $"{service}/ErrorLogs"),
                (LogAlarmPatterns.DatabaseConnectionFailures, $"{service}/DatabaseConnectionFailures"),
            })
            {
                App.HasResourceProperties("AWS::Logs::MetricFilter", Props(
                    ("LogGroupName", Props(("Ref", logGroup))),
                    ("FilterPattern", pattern),
                    ("MetricTransformations", new object[]
                    {
                        Props(("MetricName", metric), ("MetricNamespace", "MultiAgentOrchestrator/Logs"), ("MetricValue", "1"), ("DefaultValue", 0), ("Unit", "Count")),
                    })));
            }
        }
    }

    [Fact]
    public void Alarms_LogMetrics_RateThresholdsPerServiceNotifyTheTopic()
    {
        var topic = LogicalId("AWS::SNS::Topic", "TopicName", "multi-agent-orchestrator-dev-alarms");
        foreach (var service in Services)
        {
            foreach (var (metric, threshold) in new[] { ($"{service}/ErrorLogs", 10), ($"{service}/DatabaseConnectionFailures", 0) })
            {
                App.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(Props(
                    ("Namespace", "MultiAgentOrchestrator/Logs"),
                    ("MetricName", metric),
                    ("Statistic", "Sum"),
                    ("Period", 60),
                    ("Threshold", threshold),
                    ("ComparisonOperator", "GreaterThanThreshold"),
                    ("EvaluationPeriods", 3),
                    ("AlarmActions", new object[] { Props(("Ref", topic)) }))));
            }
        }
    }

    [Theory]
    [InlineData("amazon.titan-embed-text-v2:0")]
    [InlineData("us.anthropic.claude-3-5-haiku-20241022-v1:0")]
    public void Alarms_Bedrock_ServerClientErrorsAndThrottlesPerConfiguredModel(string model)
    {
        var topic = LogicalId("AWS::SNS::Topic", "TopicName", "multi-agent-orchestrator-dev-alarms");
        foreach (var (metric, threshold) in new[] { ("InvocationServerErrors", 5), ("InvocationClientErrors", 5), ("InvocationThrottles", 10) })
        {
            App.HasResourceProperties("AWS::CloudWatch::Alarm", Match.ObjectLike(Props(
                ("Namespace", "AWS/Bedrock"),
                ("MetricName", metric),
                ("Dimensions", new object[] { Props(("Name", "ModelId"), ("Value", model)) }),
                ("Statistic", "Sum"),
                ("Period", 60),
                ("Threshold", threshold),
                ("AlarmActions", new object[] { Props(("Ref", topic)) }))));
        }
    }

    private string LogicalId(string type, string property, string value)
    {
        using var document = JsonDocument.Parse(fixture.ApplicationJson);
        return document.RootElement.GetProperty("Resources").EnumerateObject()
            .Single(r => r.Value.GetProperty("Type").GetString() == type
                && r.Value.GetProperty("Properties").TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() == value)
            .Name;
    }
}
