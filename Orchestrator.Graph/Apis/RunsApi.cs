using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Graph.Workflows;

namespace Orchestrator.Graph.Apis;

/// <summary>LangGraph Server runs on a thread: <c>POST /threads/{thread_id}/runs/wait</c>.</summary>
public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/threads/{threadId}/runs/wait", WaitForRunAsync)
            .WithName("WaitForRun")
            .WithSummary("Runs an assistant on a thread and returns the final state values.")
            .WithTags("Runs");
        return app;
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> WaitForRunAsync(
        string threadId, RunRequest request, WarehouseOverviewWorkflow workflow, CancellationToken cancellationToken)
    {
        if (request.AssistantId != WarehouseOverviewWorkflow.AssistantId)
        {
            return TypedResults.Problem(
                $"No assistant '{request.AssistantId}'; the registered assistant is '{WarehouseOverviewWorkflow.AssistantId}'.",
                statusCode: 404, title: "Assistant not found", type: ProblemTypes.NotFound);
        }

        var question = request.Input?["messages"]?.AsArray().LastOrDefault()?["content"]?.GetValue<string>();
        if (string.IsNullOrWhiteSpace(question))
        {
            return TypedResults.Problem(
                "The run input needs 'messages' with a last message that has 'content'.",
                statusCode: 422, title: "Invalid input", type: ProblemTypes.ValidationFailed);
        }

        var answer = await workflow.RunAsync(question, cancellationToken);
        var messages = request.Input!["messages"]!.AsArray().DeepClone().AsArray();
        messages.Add(new JsonObject { ["type"] = "ai", ["content"] = answer });
        return TypedResults.Ok(new JsonObject { ["messages"] = messages, ["thread_id"] = threadId });
    }

    /// <summary>The subset of LangGraph's run body this endpoint reads.</summary>
    public sealed record RunRequest(
        [property: JsonPropertyName("assistant_id")] string AssistantId,
        [property: JsonPropertyName("input")] JsonObject? Input);
}
