using Amazon.CDK.Assertions;

namespace Orchestrator.Tests.Aws;

/// <summary>Autoscaling of a self-hosted Langfuse's services, found by their logical ids.</summary>
internal static class LangfuseScaling
{
    private static readonly IFormatProvider Invariant = System.Globalization.CultureInfo.InvariantCulture;

    /// <summary>Each scalable target's (min, max) by service: "web", "worker" or "clickhouse".</summary>
    public static Dictionary<string, (long Min, long Max)> Targets(Template template) =>
        template.FindResources("AWS::ApplicationAutoScaling::ScalableTarget")
            .Where(r => IsLangfuse(r.Key))
            .ToDictionary(
                r => new[] { "clickhouse", "worker", "web" }.First(s => r.Key.Contains(s, StringComparison.OrdinalIgnoreCase)),
                r => ((Dictionary<string, object>)r.Value["Properties"]) is var p
                    ? (Convert.ToInt64(p["MinCapacity"], Invariant), Convert.ToInt64(p["MaxCapacity"], Invariant))
                    : default);

    public static int Policies(Template template) =>
        template.FindResources("AWS::ApplicationAutoScaling::ScalingPolicy").Keys.Count(IsLangfuse);

    private static bool IsLangfuse(string logicalId) => logicalId.StartsWith("langfuse", StringComparison.OrdinalIgnoreCase);
}
