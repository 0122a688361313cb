using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.AgentCore.Auth;
using Orchestrator.AgentCore.Sessions;

namespace Orchestrator.AgentCore.Apis;

/// <summary>A caller's own sessions: list, read and delete. Another owner's session is reported as absent.</summary>
public static class SessionsApi
{
    private const int ListLimit = 100;
    private const int MessageLimit = 200;

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/sessions")
            .WithTags("Sessions")
            .RequireAuthorization(AuthExtensions.CallerPolicy)
            .RequireRateLimiting(AuthExtensions.CallerPolicy);
        sessions.MapGet("/", ListAsync).WithName("ListSessions").WithSummary("The caller's sessions, most recently active first.");
        sessions.MapGet("/{sessionId}/messages", MessagesAsync).WithName("ListSessionMessages").WithSummary("The latest messages of one of the caller's sessions.");
        sessions.MapDelete("/{sessionId}", DeleteAsync).WithName("DeleteSession").WithSummary("Deletes one of the caller's sessions and its messages.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<SessionSummary>>> ListAsync(HttpContext context, SessionStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(await store.ListAsync(Owners.Of(context.User), ListLimit, cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<SessionMessage>>, ProblemHttpResult>> MessagesAsync(
        string sessionId, HttpContext context, SessionStore store, CancellationToken cancellationToken)
    {
        var owner = Owners.Of(context.User);
        var messages = await store.HistoryAsync(sessionId, owner, MessageLimit, cancellationToken);
        return messages.Count > 0 || await store.ExistsAsync(sessionId, owner, cancellationToken)
            ? TypedResults.Ok(messages)
            : PromptRules.SessionNotFound(sessionId);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string sessionId, HttpContext context, SessionStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(sessionId, Owners.Of(context.User), cancellationToken)
            ? TypedResults.NoContent()
            : PromptRules.SessionNotFound(sessionId);
}
