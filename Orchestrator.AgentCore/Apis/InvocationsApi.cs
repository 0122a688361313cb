using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.AgentCore.Graph;
using Orchestrator.AgentCore.Runtime;

namespace Orchestrator.AgentCore.Apis;

/// <summary>The Amazon Bedrock AgentCore Runtime HTTP contract: <c>/invocations</c> and <c>/ping</c>.</summary>
public static class InvocationsApi
{
    public static IEndpointRouteBuilder MapInvocationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/invocations", InvokeAsync)
            .WithName("Invoke")
            .WithSummary("Answers a prompt within the session named by the AgentCore session header.")
            .WithTags("AgentCore Runtime");
        app.MapGet("/ping", Ping)
            .WithName("Ping")
            .WithSummary("Reports Healthy or HealthyBusy and when that status last changed.")
            .WithTags("AgentCore Runtime");
        return app;
    }

    private static async Task<Results<Ok<InvocationResponse>, ProblemHttpResult>> InvokeAsync(
        InvocationRequest request,
        HttpContext context,
        GraphClient graph,
        PingStatus ping,
        IOptions<AgentCoreOptions> options,
        CancellationToken cancellationToken)
    {
        var sessionId = context.Request.Headers[SessionIds.Header].ToString();
        if (sessionId.Length == 0)
        {
            sessionId = SessionIds.New();
        }
        else if (!SessionIds.IsValid(sessionId))
        {
            return TypedResults.Problem(
                $"{SessionIds.Header} must be {SessionIds.MinLength}-{SessionIds.MaxLength} letters, digits, '-' or '_'.",
                statusCode: 400, title: "Invalid session id", type: ProblemTypes.MalformedRequest);
        }

        context.Response.Headers[SessionIds.Header] = sessionId;
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            return TypedResults.Problem("The body needs a non-empty 'prompt'.", statusCode: 422, title: "Missing prompt", type: ProblemTypes.ValidationFailed);
        }

        if (request.Prompt.Length > options.Value.MaxPromptCharacters)
        {
            return TypedResults.Problem(
                $"The prompt has {request.Prompt.Length} characters; the limit is {options.Value.MaxPromptCharacters}.",
                statusCode: 422, title: "Prompt too long", type: ProblemTypes.ValidationFailed);
        }

        using var busy = ping.BeginWork();
        var answer = await graph.RunAsync(sessionId, request.Prompt, cancellationToken);
        return TypedResults.Ok(new InvocationResponse(answer, sessionId));
    }

    private static Ok<PingResponse> Ping(PingStatus ping)
    {
        var (status, updated) = ping.Current;
        return TypedResults.Ok(new PingResponse(status, updated));
    }

    /// <summary>The <c>/ping</c> body of the Runtime contract.</summary>
    public sealed record PingResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
        [property: System.Text.Json.Serialization.JsonPropertyName("time_of_last_update")] long TimeOfLastUpdate);
}
