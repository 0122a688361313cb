using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Npgsql;
using Orchestrator.AgentCore.Graph;
using Orchestrator.AgentCore.Runtime;
using Orchestrator.AgentCore.Sessions;
using Orchestrator.AgentCore.Supervisor;
using Orchestrator.AgentCore.Telemetry;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.AgentCore.Conversation;

/// <summary>
/// One conversational turn, shared by <c>/invocations</c> and <c>/v1/chat/completions</c>: claim the
/// session, load its history window and embed the prompt, route, run the workflow (or ask a clarifying question),
/// relay the events and remember the turn.
/// </summary>
public sealed partial class TurnRunner(
    SessionStore sessions,
    AgentSupervisor supervisor,
    GraphClient graph,
    PingStatus ping,
    IOptions<SupervisorOptions> options,
    ILogger<TurnRunner> logger)
{
    private static readonly ActivitySource Source = new(TelemetryNames.AgentCore);

    // What the session remembers the caller said when deciding on SQL approval.
    private const string ApprovedPrompt = "Approved the query.";
    private const string RejectedPrompt = "Declined the query.";

    /// <summary>Claims the session for the owner, loads its history and embeds the prompt.</summary>
    /// <remarks>
    /// <paramref name="clientHistory"/>: earlier messages the client sent itself (OpenAI style); they replace the stored window.
    /// The trace is tagged with the session and the owner from here on, so a refused claim's trace names the session it asked for.
    /// </remarks>
    /// <returns>Null when the session belongs to another owner (reported as 404, never as 403).</returns>
    public async Task<Turn?> StartAsync(
        string sessionId, string owner, string prompt, CancellationToken cancellationToken, IReadOnlyList<SessionMessage>? clientHistory = null)
    {
        // Before the embedding starts, so its span carries them as every later span of the turn does.
        TraceIdentity.Apply(sessionId, owner);
        // The claim's query goes out first; the embedding (milliseconds of CPU on this thread) runs while it is in flight,
        // rather than after it. A refused claim costs an embedding. (Handing the claim to another pool thread instead was
        // slower on two cores: with this thread embedding, the woken thread often waited milliseconds for a core.)
        var claim = ClaimAsync(sessionId, owner, clientHistory, cancellationToken);
        var embedding = supervisor.EmbedAsync(prompt, cancellationToken);
        await Task.WhenAll(claim, embedding);
        return await claim is { } history ? new Turn(sessionId, owner, prompt, history, await embedding) : null;
    }

    /// <summary>Claims the session for the owner's decision on the SQL its last turn asked to approve.</summary>
    /// <returns>Null when the session belongs to another owner.</returns>
    public async Task<Turn?> StartApprovalAsync(string sessionId, string owner, bool approve, CancellationToken cancellationToken)
    {
        TraceIdentity.Apply(sessionId, owner);
        return await sessions.TouchAsync(sessionId, owner, cancellationToken)
            ? new Turn(sessionId, owner, approve ? ApprovedPrompt : RejectedPrompt, [], ReadOnlyMemory<float>.Empty, approve)
            : null;
    }

    private async Task<IReadOnlyList<SessionMessage>?> ClaimAsync(
        string sessionId, string owner, IReadOnlyList<SessionMessage>? clientHistory, CancellationToken cancellationToken)
    {
        var window = options.Value.HistoryWindow;
        if (clientHistory is { Count: > 0 } || window == 0)
        {
            return await sessions.TouchAsync(sessionId, owner, cancellationToken) ? clientHistory?.TakeLast(window).ToList() ?? [] : null;
        }

        return await sessions.TouchAndReadHistoryAsync(sessionId, owner, window, cancellationToken);
    }

    /// <summary>Runs the turn; the events are produced as the workflow progresses.</summary>
    public async IAsyncEnumerable<TurnEvent> RunAsync(Turn turn, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        using var busy = ping.BeginWork();
        using var activity = Source.StartActivity("agentcore.turn");
        activity?.SetTag("agentcore.session_id", turn.SessionId);

        // A decision on SQL approval continues the analyst's paused run; nothing is routed again.
        var decision = turn.Approve is null
            ? await supervisor.DecideAsync(turn.Prompt, turn.Embedding, turn.History, cancellationToken)
            : new SupervisorDecision(new RouteDecision(AgentRoutes.Analyst, 1, "Continues the query that was waiting for approval."), null, null);
        activity?.SetTag("agentcore.route", decision.Route.Route);
        activity?.SetTag("agentcore.route.confidence", decision.Route.Confidence);
        activity?.SetTag("langfuse.observation.type", "agent");
        TraceIdentity.SetTraceAttribute(activity, "langfuse.trace.input", turn.Prompt);
        TraceIdentity.AddTags(activity, "route:" + decision.Route.Route);
        AgentCoreMetrics.RouteChosen(decision.Route.Route, decision.ClarifyingQuestion is not null);
        LogRouted(logger, turn.SessionId, decision.Route.Route, decision.Route.Confidence, turn.Prompt.Length);
        yield return new RouteChosen(turn.SessionId, decision.Route.Route, decision.Route.Confidence, decision.Route.Reason, decision.ClarifyingQuestion is not null);

        // A clarifying turn records no route, so the answer to it is routed afresh rather than by the guess.
        var remembered = decision.ClarifyingQuestion is null ? decision.Route.Route : null;
        var traceId = (activity ?? Activity.Current)?.TraceId.ToHexString();
        var outcome = new GraphOutcome();
        if (decision.ClarifyingQuestion is { } clarifying)
        {
            outcome.Answer = clarifying;
            yield return new AnswerChunk(clarifying);
        }
        else
        {
            var input = new GraphRunInput(turn.SessionId, turn.Prompt, turn.History, decision.Route, turn.Embedding, decision.EmbeddingModel, turn.Approve);
            await foreach (var turnEvent in RelayGraphAsync(turn, input, outcome, remembered, traceId, cancellationToken))
            {
                yield return turnEvent;
            }
        }

        var (answer, written, approval) = (outcome.Answer, outcome.Written, outcome.Approval);
        TraceIdentity.SetTraceAttribute(activity, "langfuse.trace.output", answer);
        await (outcome.Saving ?? sessions.AppendTurnAsync(turn.SessionId, turn.Owner, turn.Prompt, answer, remembered, traceId, CancellationToken.None));
        yield return new TurnCompleted(
            turn.SessionId,
            answer,
            decision.Route.Route,
            approval?.Sql ?? written?["sql"]?.GetValue<string>(),
            Results(written),
            written?["citations"]?.DeepClone(),
            traceId,
            TurnUsage.Estimate(turn.Prompt, answer),
            approval is null ? null : new ApprovalRequest(approval.InterruptId));
    }

    /// <summary>
    /// Relays the graph run's events as the turn's, filling in <paramref name="outcome"/>. The turn is remembered as soon as
    /// the answer is final (<see cref="GraphAnswerReady"/>), while graph still records the run's end, and forgotten again if
    /// the run then fails or the caller goes away, so the session keeps only turns that succeeded.
    /// </summary>
    private async IAsyncEnumerable<TurnEvent> RelayGraphAsync(
        Turn turn, GraphRunInput input, GraphOutcome outcome, string? route, string? traceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var finished = false;
        try
        {
            await foreach (var graphEvent in graph.StreamAsync(input, cancellationToken))
            {
                switch (graphEvent)
                {
                    case GraphMessageChunk chunk:
                        outcome.Answer += chunk.Text;
                        yield return new AnswerChunk(chunk.Text);
                        break;
                    case GraphAnswerReady ready:
                        outcome.Saving = sessions.AppendTurnAsync(turn.SessionId, turn.Owner, turn.Prompt, ready.Answer, route, traceId, CancellationToken.None);
                        break;
                    case GraphRunCompleted completed:
                        outcome.Written = completed.Written;
                        if (outcome.Answer.Length == 0)
                        {
                            yield return new AnswerChunk(completed.Answer);
                        }

                        outcome.Answer = completed.Answer;
                        break;
                    case GraphApprovalRequired required:
                        outcome.Approval = required;
                        outcome.Answer = $"This query needs your approval before it runs:\n\n{required.Sql}";
                        yield return new AnswerChunk(outcome.Answer);
                        break;
                }
            }

            finished = true;
        }
        finally
        {
            if (!finished && outcome.Saving is { } saving)
            {
                await ForgetAsync(turn.SessionId, saving);
            }
        }
    }

    private async Task ForgetAsync(string sessionId, Task<long[]> saving)
    {
        try
        {
            await sessions.RemoveMessagesAsync(sessionId, await saving, CancellationToken.None);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // Not thrown over the run's own failure, which is the one the caller must see.
            LogForgetFailed(logger, exception, sessionId);
        }
    }

    // The workflow keeps a result as "columns" and "rows"; the playground and clients get them together.
    private static JsonObject? Results(JsonObject? written) =>
        written?["rows"] is JsonArray rows && written["columns"] is JsonArray columns
            ? new JsonObject { ["columns"] = columns.DeepClone(), ["rows"] = rows.DeepClone() }
            : null;

    // Lengths and ids only: prompts and answers may hold personal or confidential data.
    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} routed to {Route} (confidence {Confidence:F2}, prompt of {PromptLength} characters)")]
    private static partial void LogRouted(ILogger logger, string sessionId, string route, double confidence, int promptLength);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId} keeps the answer of a turn that failed after it was remembered")]
    private static partial void LogForgetFailed(ILogger logger, Exception exception, string sessionId);
}

/// <summary>
/// A turn whose session is claimed, with the prompt's embedding; or, with <c>Approve</c> set, a decision on the SQL the session's
/// last turn asked to approve (its prompt then records the decision, and it has no history or embedding).
/// </summary>
public sealed record Turn(string SessionId, string Owner, string Prompt, IReadOnlyList<SessionMessage> History, ReadOnlyMemory<float> Embedding, bool? Approve = null);
