using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Orchestrator.AgentCore.Auth;
using Orchestrator.AgentCore.Feedback;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.AgentCore.Apis;

/// <summary>
/// <c>POST /sessions/{id}/feedback</c>: a thumbs up or down on one of the caller's answers, kept in
/// the database and sent to Langfuse as a score on the answer's trace.
/// </summary>
public static class FeedbackApi
{
    public const int MaxCommentLength = 2_000;

    public static IEndpointRouteBuilder MapFeedbackApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/sessions/{sessionId}/feedback", SendAsync)
            .WithName("SendFeedback")
            .WithSummary("Records a thumbs up or down on an answer (named by its trace_id) and sends it to Langfuse as a score on that trace.")
            .WithTags("Sessions")
            .RequireAuthorization(AuthExtensions.CallerPolicy)
            .RequireRateLimiting(AuthExtensions.CallerPolicy);
        return app;
    }

    private static async Task<Results<Created<FeedbackReceipt>, ProblemHttpResult>> SendAsync(
        string sessionId, FeedbackRequest request, HttpContext context, FeedbackStore store, [FromServices] LangfuseScoreClient? scores, CancellationToken cancellationToken)
    {
        if (!LangfuseScoreClient.IsTraceId(request.TraceId) || request.Positive is not { } positive)
        {
            return TypedResults.Problem("'trace_id' (the 32 hex characters an answer carries) and 'positive' (true or false) are required.",
                statusCode: 422, title: "Invalid feedback", type: ProblemTypes.ValidationFailed);
        }

        if (request.Comment is { Length: > MaxCommentLength })
        {
            return TypedResults.Problem($"'comment' has {request.Comment.Length} characters; the limit is {MaxCommentLength}.",
                statusCode: 422, title: "Invalid feedback", type: ProblemTypes.ValidationFailed);
        }

        var traceId = request.TraceId!.ToLowerInvariant();
        if (await store.AddAsync(sessionId, Owners.Of(context.User), traceId, positive, request.Comment, cancellationToken) is not { } id)
        {
            // Another owner's session and an unknown answer look the same: nothing to probe.
            return TypedResults.Problem($"Session '{sessionId}' has no answer with trace id '{traceId}'.", statusCode: 404, title: "Not found", type: ProblemTypes.NotFound);
        }

        var forwarded = false;
        if (scores is not null)
        {
            // When Langfuse cannot take it now, the row stays unforwarded and FeedbackForwarder sends it later.
            forwarded = await FeedbackForwarder.TrySendAsync(store, scores, new PendingFeedback(id, traceId, positive, request.Comment), cancellationToken);
        }

        return TypedResults.Created($"/sessions/{sessionId}/feedback/{id}", new FeedbackReceipt(id, forwarded));
    }

    /// <summary>The body of <c>POST /sessions/{id}/feedback</c>.</summary>
    public sealed record FeedbackRequest(
        [property: JsonPropertyName("trace_id")] string? TraceId,
        [property: JsonPropertyName("positive")] bool? Positive,
        [property: JsonPropertyName("comment")] string? Comment);

    /// <summary>
    /// The feedback's id, and whether Langfuse has it (false when Langfuse is off or was unreachable: it is kept either
    /// way, and with Langfuse configured it is sent again in the background).
    /// </summary>
    public sealed record FeedbackReceipt(
        [property: JsonPropertyName("id")] long Id,
        [property: JsonPropertyName("forwarded")] bool Forwarded);
}
