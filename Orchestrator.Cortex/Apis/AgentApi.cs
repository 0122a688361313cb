using Orchestrator.Cortex.Agents;

namespace Orchestrator.Cortex.Apis;

/// <summary>Cortex Agents' run path.</summary>
public static class AgentApi
{
    /// <summary>Maps <c>POST /api/v2/cortex/agent:run</c>.</summary>
    public static IEndpointRouteBuilder MapCortexAgentApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v2/cortex/agent:run", (Delegate)RunAsync)
            .WithTags("Cortex Agents")
            .WithName("CortexAgentRun")
            .WithSummary("Runs an agent over the analyst and search tools, streaming response.* events.");
        return app;
    }

    private static Task<IResult> RunAsync(HttpContext context) =>
        BackendDispatch.DispatchAsync(context, "/api/v2/cortex/agent:run", body => context.RequestServices.GetRequiredService<AgentService>().RunAsync(body, context));
}
