using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.AgentCore.Auth;
using Orchestrator.AgentCore.Conversation;
using Orchestrator.AgentCore.Runtime;
using Orchestrator.AgentCore.Sessions;
using Orchestrator.AgentCore.Streaming;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.AgentCore.Apis.OpenAI;

/// <summary>
/// OpenAI-compatible <c>POST /v1/chat/completions</c> and <c>GET /v1/models</c>, so OpenAI clients can
/// use the orchestrator as a model named <see cref="ModelId"/>. Errors of this API use OpenAI's error
/// body; authentication and rate limits answer as every other route does.
/// </summary>
public static partial class ChatCompletionsApi
{
    public const string ModelId = "orchestrator";

    public static IEndpointRouteBuilder MapChatCompletionsApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1")
            .WithTags("OpenAI compatible")
            .RequireAuthorization(AuthExtensions.CallerPolicy)
            .RequireRateLimiting(AuthExtensions.CallerPolicy);
        v1.MapPost("/chat/completions", CompleteAsync).WithName("CreateChatCompletion")
            .WithSummary("Answers the last user message through the orchestrator; streams chat.completion.chunk frames when stream is true.");
        v1.MapGet("/models", Models).WithName("ListModels").WithSummary("The one model this API serves.");
        return app;
    }

    private static Ok<ModelList> Models(TimeProvider clock) =>
        TypedResults.Ok(new ModelList("list", [new ModelCard(ModelId, "model", clock.GetUtcNow().ToUnixTimeSeconds(), "orchestrator")]));

    private static async Task<Results<Ok<ChatCompletion>, JsonHttpResult<OpenAIError>, EmptyHttpResult>> CompleteAsync(
        ChatCompletionRequest request,
        HttpContext context,
        TurnRunner turns,
        TimeProvider clock,
        IOptions<AgentCoreOptions> options,
        ILogger<TurnRunner> logger,
        CancellationToken cancellationToken)
    {
        if (request.Model != ModelId)
        {
            return Error(404, $"The model '{request.Model}' does not exist; use '{ModelId}'.", "invalid_request_error", "model", "model_not_found");
        }

        var messages = request.Messages ?? [];
        var last = messages.Count > 0 ? messages[^1] : null;
        if (last?.Role != "user" || string.IsNullOrWhiteSpace(last.Text))
        {
            return Error(400, "'messages' must end with a user message that has text content.", "invalid_request_error", "messages", null);
        }

        var prompt = last.Text;
        if (prompt.Length > options.Value.MaxPromptCharacters)
        {
            return Error(400, $"The last message has {prompt.Length} characters; the limit is {options.Value.MaxPromptCharacters}.", "invalid_request_error", "messages", "context_length_exceeded");
        }

        var sessionId = context.Request.Headers[SessionIds.Header].ToString() is { Length: > 0 } given && SessionIds.IsValid(given) ? given : SessionIds.New();
        context.Response.Headers[SessionIds.Header] = sessionId;
        var history = messages.Take(messages.Count - 1)
            .Where(m => m.Role is "user" or "assistant")
            .Select(m => new SessionMessage(m.Role!, m.Text, null, clock.GetUtcNow()))
            .ToList();
        var turn = await turns.StartAsync(sessionId, Owners.Of(context.User), prompt, cancellationToken, history);
        if (turn is null)
        {
            return Error(404, $"No session '{sessionId}' belongs to this caller.", "invalid_request_error", null, "session_not_found");
        }

        TraceIdentity.NameTrace(System.Diagnostics.Activity.Current, "chat.completions", "agentcore", "openai");

        var id = $"chatcmpl-{Guid.NewGuid():N}";
        var created = clock.GetUtcNow().ToUnixTimeSeconds();
        if (request.Stream == true)
        {
            await StreamAsync(context.Response, turns.RunAsync(turn, cancellationToken), id, created, request.StreamOptions?.IncludeUsage == true, logger, cancellationToken);
            return TypedResults.Empty;
        }

        try
        {
            TurnCompleted? done = null;
            await foreach (var turnEvent in turns.RunAsync(turn, cancellationToken))
            {
                done = turnEvent as TurnCompleted ?? done;
            }

            return TypedResults.Ok(new ChatCompletion(
                id, "chat.completion", created, ModelId,
                [new ChatCompletionChoice(0, new AssistantMessage("assistant", done!.Response), "stop")],
                Usage(done.Usage)));
        }
        catch (Exception ex) when (TurnFailures.IsUpstream(ex))
        {
            var (status, errorType, message) = TurnFailures.Describe(ex);
            LogFailed(logger, ex, sessionId, errorType);
            return Error(status, message, "api_error", null, errorType);
        }
    }

    private static async Task StreamAsync(
        HttpResponse response, IAsyncEnumerable<TurnEvent> events, string id, long created, bool includeUsage, ILogger logger, CancellationToken cancellationToken)
    {
        await SseWriter.BeginAsync(response, cancellationToken);
        await WriteChunkAsync(new ChunkDelta(Role: "assistant", Content: ""), null, null);
        try
        {
            await foreach (var turnEvent in events)
            {
                if (turnEvent is AnswerChunk chunk)
                {
                    await WriteChunkAsync(new ChunkDelta(Content: chunk.Content), null, null);
                }
                else if (turnEvent is TurnCompleted done)
                {
                    await WriteChunkAsync(new ChunkDelta(), "stop", null);
                    if (includeUsage)
                    {
                        await SseWriter.WriteAsync(response, JsonSerializer.Serialize(
                            new ChatCompletionChunk(id, "chat.completion.chunk", created, ModelId, [], Usage(done.Usage)), JsonSerializerOptions.Web), cancellationToken);
                    }
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var (_, errorType, message) = TurnFailures.Describe(ex);
            LogFailed(logger, ex, response.Headers[SessionIds.Header].ToString(), errorType);
            await SseWriter.WriteAsync(response, JsonSerializer.Serialize(
                new OpenAIError(new OpenAIErrorDetail(message, "api_error", null, errorType)), JsonSerializerOptions.Web), CancellationToken.None);
        }

        await SseWriter.WriteAsync(response, "[DONE]", CancellationToken.None);

        Task WriteChunkAsync(ChunkDelta delta, string? finishReason, ChatCompletionUsage? usage) =>
            SseWriter.WriteAsync(response, JsonSerializer.Serialize(
                new ChatCompletionChunk(id, "chat.completion.chunk", created, ModelId, [new ChunkChoice(0, delta, finishReason)], usage), JsonSerializerOptions.Web), cancellationToken);
    }

    private static ChatCompletionUsage Usage(TurnUsage usage) =>
        new(usage.PromptTokens, usage.CompletionTokens, usage.PromptTokens + usage.CompletionTokens);

    private static JsonHttpResult<OpenAIError> Error(int status, string message, string type, string? param, string? code) =>
        TypedResults.Json(new OpenAIError(new OpenAIErrorDetail(message, type, param, code)), statusCode: status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chat completion of session {SessionId} failed: {ErrorType}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string sessionId, string errorType);
}
