using System.Text.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.Search;

namespace Orchestrator.Cortex.Apis;

/// <summary>Cortex Search's query path.</summary>
public static class SearchApi
{
    /// <summary>Maps <c>POST /api/v2/databases/{database}/schemas/{schema}/cortex-search-services/{name}:query</c>.</summary>
    public static IEndpointRouteBuilder MapCortexSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v2/databases/{database}/schemas/{schema}/cortex-search-services/{service}:query", QueryAsync)
            .WithTags("Cortex Search")
            .WithName("CortexSearchQuery")
            .WithSummary("Hybrid (full-text and vector) search with filters over a Cortex Search Service.");
        return app;
    }

    private static Task<IResult> QueryAsync(string database, string schema, string service, HttpContext context)
    {
        var path = $"/api/v2/databases/{Uri.EscapeDataString(database)}/schemas/{Uri.EscapeDataString(schema)}/cortex-search-services/{Uri.EscapeDataString(service)}:query";
        return BackendDispatch.DispatchAsync(context, path, body => QueryLocalAsync(database, schema, service, body, context));
    }

    private static async Task<IResult> QueryLocalAsync(string database, string schema, string service, byte[]? body, HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<SearchOptions>>().Value;
        if (!string.Equals(database, settings.Database, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(schema, settings.Schema, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(service, SupportSearchService.Name, StringComparison.OrdinalIgnoreCase))
        {
            return CortexErrors.NotFound($"Cortex Search Service '{database}.{schema}.{service}' does not exist or not authorized.");
        }

        JsonElement request;
        try
        {
            request = body is null ? default : JsonSerializer.Deserialize<JsonElement>(body);
        }
        catch (JsonException ex)
        {
            return CortexErrors.BadRequest($"The request body is not valid JSON: {ex.Message}");
        }

        try
        {
            var results = await context.RequestServices.GetRequiredService<CortexSearchEngine>().QueryAsync(request, context.RequestAborted);
            return Results.Json(new { results, request_id = Guid.NewGuid().ToString() }, CortexJson.Options);
        }
        catch (SearchRequestException ex)
        {
            return CortexErrors.BadRequest(ex.Message);
        }
    }
}
