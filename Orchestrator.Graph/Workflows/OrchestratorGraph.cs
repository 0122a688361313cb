using System.Text.Json;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Runs;

namespace Orchestrator.Graph.Workflows;

/// <summary>
/// The "orchestrator" assistant on the engine: the last human message goes to the warehouse overview node, whose answer
/// is appended as an AI message. Routing to analyst, search and general nodes is the next step (issue 6, item 9).
/// </summary>
public static class OrchestratorGraph
{
    /// <summary>The workflow definition, resolving its Cortex-backed node from <paramref name="services"/> per call.</summary>
    public static GraphDefinition Definition(IServiceProvider services) => new(
        WarehouseOverviewWorkflow.AssistantId,
        "Answers business questions from the warehouse through Cortex.",
        checkpointer => new StateGraph(WarehouseOverviewWorkflow.AssistantId)
            .AddChannel("messages", ChannelSpec.Messages())
            .AddNode("overview", context => AnswerAsync(services, context), new NodeOptions { Retry = new RetryPolicy { MaxAttempts = 2 }, Timeout = TimeSpan.FromSeconds(60) })
            .SetEntryPoint("overview")
            .SetFinishPoint("overview")
            .Compile(checkpointer));

    private static async ValueTask<NodeResult> AnswerAsync(IServiceProvider services, NodeContext context)
    {
        var messages = context.State["messages"];
        var question = messages.ValueKind == JsonValueKind.Array
            ? messages.EnumerateArray().LastOrDefault(m => m.TryGetProperty("type", out var t) && t.ValueEquals("human"u8))
            : default;
        if (question.ValueKind == JsonValueKind.Undefined || string.IsNullOrWhiteSpace(MessageJson.Text(question)))
        {
            throw new InvalidUpdateException("The run input needs 'messages' with a human message that has 'content'.");
        }

        var answer = await services.GetRequiredService<WarehouseOverviewWorkflow>().RunAsync(MessageJson.Text(question), context.CancellationToken);
        return NodeResult.Update(("messages", MessageJson.Create("ai", answer, null)));
    }
}
