using Orchestrator.Cortex.Analyst;

namespace Orchestrator.Cortex.Apis;

/// <summary>Cortex Analyst's REST paths: message (JSON or SSE) and feedback.</summary>
public static class AnalystApi
{
    /// <summary>Maps <c>/api/v2/cortex/analyst/message</c> and <c>/feedback</c>.</summary>
    public static IEndpointRouteBuilder MapCortexAnalystApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v2/cortex/analyst").WithTags("Cortex Analyst");
        group.MapPost("/message", (Delegate)SendMessageAsync)
            .WithName("CortexAnalystSendMessage")
            .WithSummary("Answers a data question with SQL over a semantic model (JSON, or SSE when stream is true).");
        group.MapPost("/feedback", (Delegate)SendFeedbackAsync)
            .WithName("CortexAnalystSendFeedback")
            .WithSummary("Records feedback on an analyst response.");
        return app;
    }

    private static Task<IResult> SendMessageAsync(HttpContext context) =>
        BackendDispatch.DispatchAsync(context, "/api/v2/cortex/analyst/message", body => context.RequestServices.GetRequiredService<AnalystService>().SendMessageAsync(body, context));

    private static Task<IResult> SendFeedbackAsync(HttpContext context) =>
        BackendDispatch.DispatchAsync(context, "/api/v2/cortex/analyst/feedback", body => context.RequestServices.GetRequiredService<AnalystService>().SendFeedbackAsync(body, context.RequestAborted));
}
