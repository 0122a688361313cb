using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Orchestrator.AgentCore.Apis;

/// <summary>The playground page's settings (<c>AgentCore:Playground</c>).</summary>
public sealed class PlaygroundOptions
{
    public const string SectionName = "AgentCore:Playground";

    /// <summary>A URL with <c>{traceId}</c> where a turn's trace can be opened (e.g. the Aspire dashboard's <c>/traces/detail/{traceId}</c>); unset shows the id only.</summary>
    public string? TraceUrlTemplate { get; set; }
}

/// <summary><c>GET /playground/config</c>: what the static page cannot know by itself.</summary>
public static class PlaygroundApi
{
    public static IEndpointRouteBuilder MapPlaygroundApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/playground/config", (IOptions<PlaygroundOptions> options) =>
                TypedResults.Ok(new PlaygroundConfig(options.Value.TraceUrlTemplate)))
            .WithName("PlaygroundConfig")
            .WithSummary("Settings of the playground page at /.")
            .WithTags("Playground");
        return app;
    }

    /// <summary>The page's settings as JSON.</summary>
    public sealed record PlaygroundConfig([property: JsonPropertyName("traceUrlTemplate")] string? TraceUrlTemplate);
}
