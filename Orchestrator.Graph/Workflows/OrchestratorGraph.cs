using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Runs;

namespace Orchestrator.Graph.Workflows;

/// <summary>
/// The "orchestrator" assistant: route → analyst (Cortex Analyst, then the SQL API; SQL that needs a
/// person's approval runs in approve_sql once approved) | search (Cortex Search) | general →
/// synthesize. Nodes that call Cortex retry once and time out, so a transient failure does not
/// fail the run and a hung call does not hold it.
/// </summary>
public static class OrchestratorGraph
{
    public const string AssistantId = "orchestrator";

    /// <summary>The workflow definition; its nodes are resolved from <paramref name="services"/> per run.</summary>
    public static GraphDefinition Definition(IServiceProvider services) => new(
        AssistantId,
        "Answers business questions: warehouse data through Cortex Analyst, policies through Cortex Search.",
        checkpointer =>
        {
            var nodes = services.GetRequiredService<OrchestratorNodes>();
            var cortexCall = new NodeOptions { Retry = new RetryPolicy { MaxAttempts = 2 }, Timeout = TimeSpan.FromSeconds(60), ObservationType = "tool" };
            var graph = new StateGraph(AssistantId).AddChannel(OrchestratorChannels.Messages, ChannelSpec.Messages());
            foreach (var channel in OrchestratorChannels.LastValue)
            {
                graph.AddChannel(channel, ChannelSpec.LastValue());
            }

            return graph
                .AddNode("route", nodes.RouteAsync)
                .AddNode(Workflows.RouteClassifier.Analyst, nodes.AnalystAsync, cortexCall)
                .AddNode(Workflows.RouteClassifier.Search, nodes.SearchAsync, cortexCall with { ObservationType = "retriever" })
                .AddNode(OrchestratorNodes.ApproveSql, nodes.ApproveSqlAsync, cortexCall)
                .AddNode(Workflows.RouteClassifier.General, nodes.GeneralAsync)
                .AddNode(OrchestratorNodes.Synthesize, nodes.SynthesizeAsync, new NodeOptions { Timeout = TimeSpan.FromSeconds(120) })
                .SetEntryPoint("route")
                .AddConditionalEdges("route", nodes.ChooseAgent)
                .AddConditionalEdges(Workflows.RouteClassifier.Analyst, nodes.AfterAnalyst)
                .AddEdge(OrchestratorNodes.ApproveSql, OrchestratorNodes.Synthesize)
                .AddEdge(Workflows.RouteClassifier.Search, OrchestratorNodes.Synthesize)
                .AddEdge(Workflows.RouteClassifier.General, OrchestratorNodes.Synthesize)
                .SetFinishPoint(OrchestratorNodes.Synthesize)
                .Compile(checkpointer);
        });
}
