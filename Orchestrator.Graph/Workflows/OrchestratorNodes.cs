using Orchestrator.AI.Embeddings;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Orchestrator.AI.Prompts;
using Orchestrator.Graph.Cortex;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Route = Orchestrator.Graph.Engine.Route;

namespace Orchestrator.Graph.Workflows;

/// <summary>
/// The nodes of the "orchestrator" workflow: route → analyst (→ approve_sql) | search | general → synthesize.
/// Each reads the state, calls Cortex or the model, and returns only the channels it changes.
/// </summary>
public sealed class OrchestratorNodes(
    CortexClient cortex,
    RouteClassifier router,
    IPromptCatalog prompts,
    IOptions<OrchestratorWorkflowOptions> options,
    IChatClient? chat = null)
{
    /// <summary>The node that asks a person to approve SQL before it runs.</summary>
    public const string ApproveSql = "approve_sql";

    /// <summary>The node that writes the answer.</summary>
    public const string Synthesize = "synthesize";

    private OrchestratorWorkflowOptions Settings => options.Value;

    /// <summary>Starts a turn: clears the last turn's results and decides the route unless the caller did.</summary>
    public async ValueTask<NodeResult> RouteAsync(NodeContext context)
    {
        var question = LastQuestion(context.State);
        List<(string, JsonElement)> updates = [.. OrchestratorChannels.PerTurn.Select(c => (c, JsonBuilder.Null))];
        var given = PerRun(context, OrchestratorChannels.Route);
        if (given is { ValueKind: JsonValueKind.String } && given.Value.GetString() is RouteClassifier.Analyst or RouteClassifier.Search or RouteClassifier.General)
        {
            // Decided by the caller (AgentCore's supervisor): keep it, in the state as well for the synthesizer and the client.
            updates.Add((OrchestratorChannels.Route, given.Value));
            if (PerRun(context, OrchestratorChannels.RouteConfidence) is { ValueKind: JsonValueKind.Number } confidence)
            {
                updates.Add((OrchestratorChannels.RouteConfidence, confidence));
            }
        }
        else
        {
            var choice = await router.ClassifyAsync(question, QuestionVector(context, question), context.CancellationToken);
            updates.Add((OrchestratorChannels.Route, JsonBuilder.FromString(choice.Route)));
            updates.Add((OrchestratorChannels.RouteConfidence, JsonBuilder.From(choice.Confidence)));
            updates.Add((OrchestratorChannels.RouteReason, JsonBuilder.FromString(choice.Reason)));
        }

        return NodeResult.Update([.. updates]);
    }

    /// <summary>
    /// The question's embedding the caller computed, if it sent one: an <see cref="EmbeddingHint"/> (as agentcore does),
    /// or a plain array of numbers (with <c>question_embedding_model</c>), as any LangGraph client can.
    /// </summary>
    private static float[]? QuestionVector(NodeContext context, string question) => PerRun(context, OrchestratorChannels.QuestionEmbedding) switch
    {
        { ValueKind: JsonValueKind.Array } vector => vector.EnumerateArray().Select(v => v.GetSingle()).ToArray(),
        { ValueKind: JsonValueKind.String } hint when hint.GetString() is { } text && EmbeddingHint.ModelOf(text) is { } model => EmbeddingHint.TryDecode(text, model, question),
        _ => null,
    };

    /// <summary>The caller's embedding of <paramref name="question"/> as a hint for Cortex, so Analyst and Search do not embed it again.</summary>
    private static string? EmbeddingHintFor(NodeContext context, string question) => PerRun(context, OrchestratorChannels.QuestionEmbedding) switch
    {
        // Passed on as it came: Cortex checks the model and the text itself.
        { ValueKind: JsonValueKind.String } hint => hint.GetString(),
        { ValueKind: JsonValueKind.Array } when QuestionVector(context, question) is { Length: > 0 } vector
            && PerRun(context, OrchestratorChannels.QuestionEmbeddingModel) is { ValueKind: JsonValueKind.String } model => EmbeddingHint.Encode(model.GetString()!, question, vector),
        _ => null,
    };

    /// <summary>A per-run value: from the run's input (state) or from <c>config.configurable</c>.</summary>
    private static JsonElement? PerRun(NodeContext context, string key)
    {
        if (context.State.TryGetValue(key, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
        {
            return value;
        }

        return context.Config.Configurable is { } configurable && configurable.TryGetValue(key, out var configured) ? configured : null;
    }

    /// <summary>The edge out of <c>route</c>: low confidence goes to the general agent, which asks to clarify.</summary>
    public Route ChooseAgent(StateView state) => AgentFor(state);

    private string AgentFor(StateView state)
    {
        var route = state.GetString(OrchestratorChannels.Route) ?? RouteClassifier.General;
        return IsConfident(state) ? route : RouteClassifier.General;
    }

    private bool IsConfident(StateView state) =>
        !state.TryGetValue(OrchestratorChannels.RouteConfidence, out var c) || c.ValueKind != JsonValueKind.Number ||
        c.GetDouble() >= Settings.MinimumRouteConfidence;

    /// <summary>Asks Cortex Analyst for SQL and runs it, unless it needs a person's approval first (<see cref="ApproveSql"/>).</summary>
    public async ValueTask<NodeResult> AnalystAsync(NodeContext context)
    {
        var question = LastQuestion(context.State);
        var reply = await cortex.AskAnalystAsync(question, Settings.SemanticModelFile, context.CancellationToken, EmbeddingHintFor(context, question));
        List<(string, JsonElement)> updates = [(OrchestratorChannels.Explanation, reply.Explanation is null ? JsonBuilder.Null : JsonBuilder.FromString(reply.Explanation))];
        if (reply.Sql is null)
        {
            updates.Add((OrchestratorChannels.Suggestions, JsonBuilder.From(reply.Suggestions)));
            return NodeResult.Update([.. updates]);
        }

        updates.Add((OrchestratorChannels.Sql, JsonBuilder.FromString(reply.Sql)));
        if (!NeedsApproval(reply.Sql))
        {
            updates.AddRange(await RunSqlAsync(reply.Sql, context.CancellationToken));
        }

        return NodeResult.Update([.. updates]);
    }

    /// <summary>The edge out of the analyst: SQL that needs approval goes to <see cref="ApproveSql"/>, anything else to the answer.</summary>
    public Route AfterAnalyst(StateView state) =>
        state.GetString(OrchestratorChannels.Sql) is { } sql && NeedsApproval(sql) ? ApproveSql : Synthesize;

    /// <summary>Asks a person to approve the SQL the analyst wrote (an <c>approve_sql</c> interrupt), then runs it.</summary>
    /// <remarks>
    /// A node of its own, so the run resumed with the decision runs exactly the SQL in the state, the SQL the person saw,
    /// instead of re-running the analyst, whose model might write other SQL.
    /// </remarks>
    public async ValueTask<NodeResult> ApproveSqlAsync(NodeContext context)
    {
        var sql = context.State.GetString(OrchestratorChannels.Sql)
            ?? throw new InvalidUpdateException($"'{ApproveSql}' needs the SQL the analyst wrote in '{OrchestratorChannels.Sql}'.");
        var decision = context.Interrupt(JsonBuilder.From(new { type = "approve_sql", sql, question = LastQuestion(context.State) }));
        var approved = decision.ValueKind == JsonValueKind.True ||
            (decision.ValueKind == JsonValueKind.Object && decision.TryGetProperty("approved", out var a) && a.ValueKind == JsonValueKind.True);
        return approved
            ? NodeResult.Update([.. await RunSqlAsync(sql, context.CancellationToken)])
            : NodeResult.Update((OrchestratorChannels.Explanation, JsonBuilder.FromString("The query was not approved, so it did not run.")));
    }

    private async Task<List<(string, JsonElement)>> RunSqlAsync(string sql, CancellationToken cancellationToken)
    {
        var result = await cortex.ExecuteStatementAsync(sql, cancellationToken);
        return [(OrchestratorChannels.Columns, JsonBuilder.From(result.Columns)), (OrchestratorChannels.Rows, JsonBuilder.From(result.Rows.Take(Settings.MaxRowsInState)))];
    }

    /// <summary>Finds the support and policy articles closest to the question.</summary>
    public async ValueTask<NodeResult> SearchAsync(NodeContext context)
    {
        var question = LastQuestion(context.State);
        var hits = await cortex.SearchAsync(
            Settings.SearchServicePath, question, ["article_id", "title", "body", "category"], Settings.SearchResults, context.CancellationToken, EmbeddingHintFor(context, question));
        var citations = hits.Select(h => new
        {
            article_id = h.GetValueOrDefault("article_id"),
            title = h.GetValueOrDefault("title"),
            category = h.GetValueOrDefault("category"),
            snippet = Snippet(h.GetValueOrDefault("body")),
        });
        return NodeResult.Update((OrchestratorChannels.Citations, JsonBuilder.From(citations)));
    }

    /// <summary>The general agent gathers nothing; synthesis answers from the conversation alone.</summary>
    public ValueTask<NodeResult> GeneralAsync(NodeContext context) => ValueTask.FromResult(NodeResult.Empty);

    /// <summary>Writes the answer: with the model from the gathered data, offline from a template over it.</summary>
    public async ValueTask<NodeResult> SynthesizeAsync(NodeContext context)
    {
        var state = context.State;
        var data = DescribeData(state);
        string answer;
        if (chat is not null)
        {
            var prompt = (await prompts.GetAsync("synthesizer", context.CancellationToken)).Render(new Dictionary<string, string>
            {
                ["question"] = LastQuestion(state),
                ["data"] = data.Length > 0 ? data : "(no data: answer from the conversation, or explain what you can help with)",
            });
            var response = await context.StreamChatAsync(chat, [new ChatMessage(ChatRole.User, prompt)]);
            answer = response.Text;
        }
        else
        {
            answer = ComposeOffline(state, data);
        }

        // The route is per turn: clearing it lets the next turn route afresh when its input names none.
        return NodeResult.Update(
            (OrchestratorChannels.Messages, MessageJson.Create("ai", answer, null)),
            (OrchestratorChannels.Route, JsonBuilder.Null),
            (OrchestratorChannels.QuestionEmbedding, JsonBuilder.Null));
    }

    internal bool NeedsApproval(string sql) => Settings.SqlApproval switch
    {
        SqlApprovalMode.Always => true,
        SqlApprovalMode.WhenExpensive => Settings.ExpensiveSqlPatterns.Any(p => Regex.IsMatch(sql, p, RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(100))),
        _ => false,
    };

    private string ComposeOffline(StateView state, string data)
    {
        if (!IsConfident(state))
        {
            return "I am not sure whether you are asking about the sales data or about our policies. Could you rephrase, " +
                "for example \"What is the total revenue?\" or \"What is the return policy?\"";
        }

        if (state.Count(OrchestratorChannels.Suggestions) > 0)
        {
            var suggestions = state[OrchestratorChannels.Suggestions].EnumerateArray().Select(s => "- " + s.GetString());
            return "I could not match that question to the data model. Questions I can answer include:\n" + string.Join('\n', suggestions);
        }

        return data.Length > 0
            ? data
            : "I answer questions about the retail warehouse (revenue, orders, customers, products, regions, returns) " +
              "and about our support and policy articles. Try \"What is the total revenue?\" or \"How do I return an item?\"";
    }

    /// <summary>The turn's gathered data as text: the analyst's explanation and rows, or the cited articles.</summary>
    private static string DescribeData(StateView state)
    {
        var text = new StringBuilder();
        if (state.GetString(OrchestratorChannels.Explanation) is { Length: > 0 } explanation)
        {
            text.AppendLine(explanation);
        }

        if (state.Count(OrchestratorChannels.Rows) > 0)
        {
            var columns = state[OrchestratorChannels.Columns].EnumerateArray().Select(c => c.GetString() ?? "").ToList();
            var rows = state[OrchestratorChannels.Rows].EnumerateArray().ToList();
            if (rows.Count == 1)
            {
                text.AppendLine(string.Join(", ", columns.Zip(rows[0].EnumerateArray(), (c, v) => $"{Humanize(c)}: {Cell(v)}")) + ".");
            }
            else
            {
                text.AppendLine(string.Join(" | ", columns.Select(Humanize)));
                foreach (var row in rows.Take(10))
                {
                    text.AppendLine(string.Join(" | ", row.EnumerateArray().Select(Cell)));
                }

                if (rows.Count > 10)
                {
                    text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"… and {rows.Count - 10} more rows."));
                }
            }
        }

        if (state.Count(OrchestratorChannels.Citations) > 0)
        {
            text.AppendLine("From the knowledge base:");
            foreach (var citation in state[OrchestratorChannels.Citations].EnumerateArray())
            {
                text.AppendLine($"- {citation.GetProperty("title").GetString()}: {citation.GetProperty("snippet").GetString()}");
            }
        }

        return text.ToString().Trim();
    }

    private static string Humanize(string column) => column.Replace('_', ' ');

    private static string Cell(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "—" : value.ToString();

    private static string Snippet(string? body) =>
        body is null ? "" : body.Length <= 240 ? body : body[..body.LastIndexOf(' ', 240)] + "…";

    private static string LastQuestion(StateView state)
    {
        var messages = state[OrchestratorChannels.Messages];
        var question = messages.ValueKind == JsonValueKind.Array
            ? messages.EnumerateArray().LastOrDefault(m => m.TryGetProperty("type", out var t) && (t.ValueEquals("human"u8) || t.ValueEquals("user"u8)))
            : default;
        return question.ValueKind == JsonValueKind.Undefined || string.IsNullOrWhiteSpace(MessageJson.Text(question))
            ? throw new InvalidUpdateException("The run input needs 'messages' with a human message that has 'content'.")
            : MessageJson.Text(question);
    }
}
