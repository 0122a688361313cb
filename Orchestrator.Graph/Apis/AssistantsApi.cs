using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Graph.Runs;

namespace Orchestrator.Graph.Apis;

/// <summary>Assistants of the LangGraph Server API: one per registered workflow.</summary>
public static class AssistantsApi
{
    public static IEndpointRouteBuilder MapAssistantsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/assistants").WithTags("Assistants");
        group.MapPost("/search", SearchAsync).WithName("SearchAssistants").WithSummary("Lists the registered workflows.");
        group.MapGet("/{assistantId}", Get).WithName("GetAssistant").WithSummary("One assistant by assistant id or graph id.");
        group.MapGet("/{assistantId}/graph", GetGraph).WithName("GetAssistantGraph").WithSummary("The assistant's nodes and edges.");
        return app;
    }

    private static async Task<Ok<JsonElement>> SearchAsync(HttpRequest request, GraphRegistry registry)
    {
        var body = await ApiSupport.ReadBodyAsync(request);
        var graphId = ApiSupport.String(body, "graph_id");
        var limit = ApiSupport.Int(body, "limit", 10);
        var offset = ApiSupport.Int(body, "offset", 0);
        return TypedResults.Ok(ApiJson.Assistants(registry.All.Where(g => graphId is null || g.GraphId == graphId).Skip(offset).Take(limit)));
    }

    private static Results<Ok<JsonElement>, ProblemHttpResult> Get(string assistantId, GraphRegistry registry) =>
        registry.Find(assistantId) is { } graph ? TypedResults.Ok(ApiJson.Assistant(graph)) : ApiSupport.NotFound($"Assistant '{assistantId}' does not exist.");

    private static Results<Ok<JsonElement>, ProblemHttpResult> GetGraph(string assistantId, GraphRegistry registry) =>
        registry.Find(assistantId) is { } graph ? TypedResults.Ok(graph.Graph.Describe()) : ApiSupport.NotFound($"Assistant '{assistantId}' does not exist.");
}
