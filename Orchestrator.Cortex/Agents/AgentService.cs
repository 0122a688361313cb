using System.Text.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.Apis;
using Orchestrator.Cortex.Search;
using Orchestrator.Cortex.SemanticModel;

namespace Orchestrator.Cortex.Agents;

/// <summary>
/// The local backend's <c>agent:run</c>: validates the request, resolves its tools against the
/// semantic models and search services, and streams the run as <c>response.*</c> events (or
/// returns the final message as JSON when <c>stream</c> is false).
/// </summary>
public sealed class AgentService(CortexAgent agent, SemanticModelCatalog catalog, IOptions<SearchOptions> searchOptions)
{
    /// <summary>Handles <c>POST /api/v2/cortex/agent:run</c>.</summary>
    public async Task<IResult> RunAsync(byte[]? body, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        AgentRunRequest? request;
        try
        {
            request = body is null ? null : JsonSerializer.Deserialize<AgentRunRequest>(body, CortexJson.Options);
        }
        catch (JsonException ex)
        {
            return CortexErrors.BadRequest($"The request body is not valid JSON for agent:run: {ex.Message}");
        }

        var question = request?.Messages is { Count: > 0 } messages && messages[^1].Role == "user"
            ? string.Join("\n", messages[^1].Content?.Where(c => c.ValueKind == JsonValueKind.Object && c.TryGetProperty("type", out var t) && t.GetString() == "text" && c.TryGetProperty("text", out _)).Select(c => c.GetProperty("text").GetString()) ?? [])
            : string.Empty;
        if (string.IsNullOrWhiteSpace(question))
        {
            return CortexErrors.BadRequest("messages must end with a user message with text content.");
        }

        var (plan, error) = Plan(request!);
        if (plan is null)
        {
            return error!;
        }

        var cancellationToken = context.RequestAborted;
        if (request!.Stream == false)
        {
            var content = await agent.RunAsync(question, plan, request.ResponseInstruction, (_, _) => Task.CompletedTask, cancellationToken);
            return Results.Json(new { messages = new[] { new { role = "assistant", content } } }, CortexJson.Verbatim);
        }

        var events = new ServerSentEvents(context.Response, CortexJson.Verbatim);
        events.Start();
        var final = await agent.RunAsync(question, plan, request.ResponseInstruction, (name, data) => events.WriteAsync(name, data, cancellationToken), cancellationToken);
        await events.WriteAsync("response", new { role = "assistant", content = final }, cancellationToken);
        return Results.Empty;
    }

    private (AgentToolPlan? Plan, IResult? Error) Plan(AgentRunRequest request)
    {
        var tools = request.Tools?.Select(t => t.ToolSpec).OfType<AgentToolSpec>().ToList() ?? [];
        if (tools.Count == 0)
        {
            // No tools named: offer both local tools, which is what a client of this gateway wants.
            return (new AgentToolPlan("analyst", catalog.Models.FirstOrDefault(), "search", 5), null);
        }

        string? analystName = null, searchName = null;
        SemanticModelDocument? model = null;
        var maxResults = 5;
        foreach (var tool in tools)
        {
            if (string.IsNullOrWhiteSpace(tool.Name))
            {
                return (null, CortexErrors.BadRequest("Every tool_spec needs a name."));
            }

            var resource = request.ToolResources?.GetValueOrDefault(tool.Name);
            if (tool.Type == CortexAgent.AnalystToolType)
            {
                var reference = Text(resource, "semantic_model_file") ?? Text(resource, "semantic_view");
                model = reference is null ? catalog.Models.FirstOrDefault() : catalog.FindByReference(reference);
                if (model is null)
                {
                    return (null, CortexErrors.NotFound($"Semantic model '{reference}' for tool '{tool.Name}' does not exist or not authorized."));
                }

                analystName = tool.Name;
            }
            else if (tool.Type == CortexAgent.SearchToolType)
            {
                var service = Text(resource, "search_service");
                var settings = searchOptions.Value;
                if (service is not null && !string.Equals(service, $"{settings.Database}.{settings.Schema}.{SupportSearchService.Name}", StringComparison.OrdinalIgnoreCase))
                {
                    return (null, CortexErrors.NotFound($"Cortex Search Service '{service}' for tool '{tool.Name}' does not exist or not authorized."));
                }

                if (resource is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("max_results", out var m) && m.TryGetInt32(out var max))
                {
                    maxResults = Math.Clamp(max, 1, 50);
                }

                searchName = tool.Name;
            }
        }

        return analystName is null && searchName is null
            ? (null, CortexErrors.BadRequest($"No supported tool: use tool_spec.type {CortexAgent.AnalystToolType} or {CortexAgent.SearchToolType}."))
            : (new AgentToolPlan(analystName, model, searchName, maxResults), null);
    }

    private static string? Text(JsonElement? resource, string property) =>
        resource is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
