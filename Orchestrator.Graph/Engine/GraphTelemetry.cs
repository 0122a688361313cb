using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Orchestrator.Graph.Engine;

/// <summary>
/// The engine's spans and metrics: a span per run (a Langfuse "agent" observation) and per node
/// (its <see cref="NodeOptions.ObservationType"/>), a counter of super-steps and a histogram of
/// node durations. With no listener attached, a span costs a null check.
/// </summary>
public static class GraphTelemetry
{
    public const string SourceName = "Orchestrator.Graph";
    public const string ObservationTypeAttribute = "langfuse.observation.type";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    private static readonly Counter<long> Steps = Meter.CreateCounter<long>(
        "orchestrator.graph.steps", "{step}", "Super-steps executed.");

    private static readonly Histogram<double> NodeDuration = Meter.CreateHistogram<double>(
        "orchestrator.graph.node.duration", "s", "How long a node took, per graph, node and outcome.");

    internal static Activity? StartRun(string graph, string threadId)
    {
        var activity = Source.StartActivity($"graph.run {graph}");
        activity?.SetTag(ObservationTypeAttribute, "agent");
        activity?.SetTag("orchestrator.graph.name", graph);
        activity?.SetTag("orchestrator.graph.thread_id", threadId);
        return activity;
    }

    internal static Activity? StartNode(string graph, string node, string observationType, int step)
    {
        var activity = Source.StartActivity($"graph.node {node}");
        activity?.SetTag(ObservationTypeAttribute, observationType);
        activity?.SetTag("orchestrator.graph.name", graph);
        activity?.SetTag("orchestrator.graph.node", node);
        activity?.SetTag("orchestrator.graph.step", step);
        return activity;
    }

    internal static void StepExecuted(string graph) => Steps.Add(1, new KeyValuePair<string, object?>("orchestrator.graph.name", graph));

    internal static void NodeFinished(string graph, string node, string outcome, TimeSpan elapsed) =>
        NodeDuration.Record(elapsed.TotalSeconds,
            new("orchestrator.graph.name", graph), new("orchestrator.graph.node", node), new("outcome", outcome));
}
