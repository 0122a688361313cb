using System.Diagnostics;
using System.Text.Json;
using Orchestrator.Cortex.Apis;
using Orchestrator.Cortex.SemanticModel;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.Cortex.Analyst;

/// <summary>
/// The local backend's Cortex Analyst: resolves the semantic model a request names, asks the
/// analyst, and answers as JSON or as Snowflake's SSE events (<c>status</c>,
/// <c>message.content.delta</c>, <c>warnings</c>, <c>response_metadata</c>, <c>done</c>).
/// </summary>
public sealed class AnalystService(SemanticModelCatalog catalog, IAnalyst analyst, FeedbackStore feedback, LangfuseScoreClient? scores = null)
{
    /// <summary>The Langfuse score name that forwarded Cortex Analyst feedback has.</summary>
    public const string FeedbackScoreName = "cortex-analyst-feedback";

    /// <summary>Handles <c>POST /api/v2/cortex/analyst/message</c>.</summary>
    public async Task<IResult> SendMessageAsync(byte[]? body, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SendMessageRequest? request;
        try
        {
            request = body is null ? null : JsonSerializer.Deserialize<SendMessageRequest>(body, CortexJson.Options);
        }
        catch (JsonException ex)
        {
            return CortexErrors.BadRequest($"The request body is not valid JSON for sendMessage: {ex.Message}");
        }

        if (request?.Messages is not { Count: > 0 } messages)
        {
            return CortexErrors.BadRequest("messages is required and must contain at least one user message.");
        }

        var last = messages[^1];
        var question = string.Join("\n", last.Content?.Where(c => c.Type == "text" && !string.IsNullOrWhiteSpace(c.Text)).Select(c => c.Text) ?? []);
        if (last.Role is not (null or "user") || question.Length == 0)
        {
            return CortexErrors.BadRequest("The last message must be a user message with text content.");
        }

        var (model, error) = Resolve(request);
        if (model is null)
        {
            return error!;
        }

        var requestId = Guid.NewGuid().ToString();
        feedback.RecordAnswer(requestId, new AnswerTrace(Activity.Current?.TraceId.ToHexString(), Activity.Current?.SpanId.ToHexString()));
        var cancellationToken = context.RequestAborted;
        if (!request.Stream)
        {
            var answer = await analyst.AnswerAsync(model, question, null, cancellationToken);
            return Results.Json(new SendMessageResponse(new AnalystMessage("analyst", answer.Content), requestId, answer.Warnings, answer.Metadata), CortexJson.Options);
        }

        var events = new ServerSentEvents(context.Response);
        events.Start();
        var streamed = await analyst.AnswerAsync(model, question, status => events.WriteAsync("status", new { status, status_message = StatusMessage(status), request_id = requestId }, cancellationToken), cancellationToken);
        for (var index = 0; index < streamed.Content.Count; index++)
        {
            await events.WriteAsync("message.content.delta", Delta(streamed.Content[index], index), cancellationToken);
        }

        if (streamed.Warnings.Count > 0)
        {
            await events.WriteAsync("warnings", new { warnings = streamed.Warnings }, cancellationToken);
        }

        await events.WriteAsync("response_metadata", streamed.Metadata, cancellationToken);
        await events.WriteAsync("status", new { status = "done", status_message = StatusMessage("done"), request_id = requestId }, cancellationToken);
        await events.WriteAsync("done", new { request_id = requestId }, cancellationToken);
        return Results.Empty;
    }

    /// <summary>
    /// Handles <c>POST /api/v2/cortex/analyst/feedback</c>: keeps the feedback and, when Langfuse is
    /// configured, forwards it as a score on the trace (and span) of the answer it is about.
    /// </summary>
    public async Task<IResult> SendFeedbackAsync(byte[]? body, CancellationToken cancellationToken)
    {
        SendFeedbackRequest? request;
        try
        {
            request = body is null ? null : JsonSerializer.Deserialize<SendFeedbackRequest>(body, CortexJson.Options);
        }
        catch (JsonException ex)
        {
            return CortexErrors.BadRequest($"The request body is not valid JSON for sendFeedback: {ex.Message}");
        }

        if (request is not { RequestId: { Length: > 0 } id, Positive: { } positive })
        {
            return CortexErrors.BadRequest("request_id and positive are required.");
        }

        if (feedback.TryAdd(id, positive, request.FeedbackMessage) is not { } trace)
        {
            return CortexErrors.NotFound($"No analyst response with request_id '{id}' is known.");
        }

        // Langfuse being down does not lose the feedback (it is kept above) nor fail the caller.
        if (scores is not null && LangfuseScoreClient.IsTraceId(trace.TraceId))
        {
            await scores.TrySendAsync(LangfuseScore.Thumb("cortex-analyst-" + id, trace.TraceId!, FeedbackScoreName, positive, request.FeedbackMessage, trace.SpanId), cancellationToken);
        }

        return Results.Json(new { status = "Feedback received." }, CortexJson.Options);
    }

    private (SemanticModelDocument? Model, IResult? Error) Resolve(SendMessageRequest request)
    {
        var reference = request.SemanticModels is { Count: > 0 } list ? list[0] : new SemanticModelReference(request.SemanticModelFile, request.SemanticView, request.SemanticModel);
        if (!string.IsNullOrWhiteSpace(reference.InlineSemanticModel))
        {
            try
            {
                return (SemanticModelParser.Parse(reference.InlineSemanticModel), null);
            }
            catch (SemanticModelException ex)
            {
                return (null, CortexErrors.BadRequest(ex.Message));
            }
        }

        var name = reference.SemanticModelFile ?? reference.SemanticView;
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, CortexErrors.BadRequest("One of semantic_model_file, semantic_model, semantic_view or semantic_models is required."));
        }

        var model = catalog.FindByReference(name);
        return model is null
            ? (null, CortexErrors.NotFound($"Semantic model '{name}' does not exist or not authorized. Known models: {string.Join(", ", catalog.Models.Select(m => m.Name))}."))
            : (model, null);
    }

    private static object Delta(MessageContent content, int index) => content.Type switch
    {
        "text" => new { type = "text", index, text_delta = content.Text },
        "sql" => new { type = "sql", index, statement_delta = content.Statement, confidence = content.Confidence },
        "suggestions" => (object)new
        {
            type = "suggestions",
            index,
            suggestions_delta = content.Suggestions!.Select((s, i) => new { index = i, suggestion_delta = s }).ToList(),
        },
        _ => new { type = content.Type, index },
    };

    private static string StatusMessage(string status) => status switch
    {
        "interpreting_question" => "Interpreting question",
        "generating_sql" => "Generating SQL",
        "validating_sql" => "Validating SQL",
        "done" => "Done",
        _ => status,
    };
}
