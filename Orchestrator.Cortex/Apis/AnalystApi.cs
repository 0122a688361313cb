using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.Configuration;
using Orchestrator.Cortex.Snowflake;

namespace Orchestrator.Cortex.Apis;

/// <summary>Cortex Analyst's REST paths: message (JSON or SSE) and feedback.</summary>
public static class AnalystApi
{
    /// <summary>Maps <c>/api/v2/cortex/analyst/message</c> and <c>/feedback</c>.</summary>
    public static IEndpointRouteBuilder MapCortexAnalystApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/cortex/analyst").WithTags("Cortex Analyst");
        group.MapPost("/message", SendMessageAsync)
            .WithName("CortexAnalystSendMessage")
            .WithSummary("Answers a data question with SQL over a semantic model (JSON, or SSE when stream is true).");
        group.MapPost("/feedback", SendFeedbackAsync)
            .WithName("CortexAnalystSendFeedback")
            .WithSummary("Records feedback on an analyst response.");
        return app;
    }

    private static async Task<IResult> SendMessageAsync(HttpContext context, IOptions<CortexBackendOptions> backend, IServiceProvider services)
    {
        var body = await SnowflakeProxy.ReadBodyAsync(context.Request, context.RequestAborted);
        if (backend.Value.Backend == CortexBackendKind.Snowflake)
        {
            await services.GetRequiredService<SnowflakeProxy>().ForwardAsync(context, HttpMethod.Post, "/api/v2/cortex/analyst/message", body);
            return Results.Empty;
        }

        return await services.GetRequiredService<AnalystService>().SendMessageAsync(body, context);
    }

    private static async Task<IResult> SendFeedbackAsync(HttpContext context, IOptions<CortexBackendOptions> backend, IServiceProvider services)
    {
        var body = await SnowflakeProxy.ReadBodyAsync(context.Request, context.RequestAborted);
        if (backend.Value.Backend == CortexBackendKind.Snowflake)
        {
            await services.GetRequiredService<SnowflakeProxy>().ForwardAsync(context, HttpMethod.Post, "/api/v2/cortex/analyst/feedback", body);
            return Results.Empty;
        }

        return services.GetRequiredService<AnalystService>().SendFeedback(body);
    }
}
