using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.AgentCore.Auth;
using Orchestrator.AgentCore.Conversation;
using Orchestrator.AgentCore.Runtime;
using Orchestrator.AgentCore.Streaming;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.AgentCore.Apis;

/// <summary>The Amazon Bedrock AgentCore Runtime HTTP contract: <c>/invocations</c> and <c>/ping</c>.</summary>
public static partial class InvocationsApi
{
    public static IEndpointRouteBuilder MapInvocationsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/invocations", InvokeAsync)
            .WithName("Invoke")
            .WithSummary("Answers a prompt, or a decision on SQL waiting for approval, within the session named by the AgentCore session header; JSON, or SSE when asked.")
            .WithTags("AgentCore Runtime")
            .RequireAuthorization(AuthExtensions.CallerPolicy)
            .RequireRateLimiting(AuthExtensions.CallerPolicy);
        app.MapGet("/ping", Ping)
            .WithName("Ping")
            .WithSummary("Reports Healthy or HealthyBusy and when that status last changed.")
            .WithTags("AgentCore Runtime");
        return app;
    }

    private static async Task<Results<Ok<TurnCompleted>, EmptyHttpResult, ProblemHttpResult>> InvokeAsync(
        InvocationRequest request,
        HttpContext context,
        TurnRunner turns,
        IOptions<AgentCoreOptions> options,
        ILogger<TurnRunner> logger,
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
        Turn? turn;
        if (request.Approve is { } approve)
        {
            if (request.Prompt is not null)
            {
                return TypedResults.Problem(
                    "Send either a 'prompt' or 'approve' (the decision on the SQL waiting for approval), not both.",
                    statusCode: 422, title: "Prompt and approval together", type: ProblemTypes.ValidationFailed);
            }

            turn = await turns.StartApprovalAsync(sessionId, Owners.Of(context.User), approve, cancellationToken);
        }
        else if (PromptRules.Check(request.Prompt, options.Value) is { } invalid)
        {
            return invalid;
        }
        else
        {
            turn = await turns.StartAsync(sessionId, Owners.Of(context.User), request.Prompt!, cancellationToken);
        }

        if (turn is null)
        {
            return PromptRules.SessionNotFound(sessionId);
        }

        TraceIdentity.NameTrace(Activity.Current, "invocations", "agentcore");

        if (SseWriter.Wants(context.Request, request.Stream))
        {
            await StreamAsync(context.Response, turns.RunAsync(turn, cancellationToken), logger, cancellationToken);
            return TypedResults.Empty;
        }

        try
        {
            TurnCompleted? completed = null;
            await foreach (var turnEvent in turns.RunAsync(turn, cancellationToken))
            {
                completed = turnEvent as TurnCompleted ?? completed;
            }

            return TypedResults.Ok(completed!);
        }
        catch (Exception ex) when (TurnFailures.IsUpstream(ex))
        {
            var (status, errorType, message) = TurnFailures.Describe(ex);
            LogTurnFailed(logger, ex, sessionId, errorType);
            return TypedResults.Problem(message, statusCode: status, title: errorType, type: ProblemTypes.ForStatus(status));
        }
    }

    /// <summary>Relays the turn as SSE; a failure after the stream opened becomes an error frame.</summary>
    private static async Task StreamAsync(HttpResponse response, IAsyncEnumerable<TurnEvent> events, ILogger logger, CancellationToken cancellationToken)
    {
        await SseWriter.BeginAsync(response, cancellationToken);
        try
        {
            await foreach (var turnEvent in events)
            {
                await SseWriter.WriteAsync(response, JsonSerializer.Serialize(turnEvent, JsonSerializerOptions.Web), cancellationToken);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var (status, errorType, message) = TurnFailures.Describe(ex);
            LogTurnFailed(logger, ex, response.Headers[SessionIds.Header].ToString(), errorType);
            var frame = new StreamError(status == 500 ? "internal_error" : "upstream_error", errorType, message);
            await SseWriter.WriteAsync(response, JsonSerializer.Serialize(frame, JsonSerializerOptions.Web), CancellationToken.None);
        }
    }

    private static Ok<PingResponse> Ping(PingStatus ping)
    {
        var (status, updated) = ping.Current;
        return TypedResults.Ok(new PingResponse(status, updated));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn of session {SessionId} failed: {ErrorType}")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string sessionId, string errorType);

    /// <summary>The <c>/ping</c> body of the Runtime contract.</summary>
    public sealed record PingResponse(
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
        [property: System.Text.Json.Serialization.JsonPropertyName("time_of_last_update")] long TimeOfLastUpdate);
}
