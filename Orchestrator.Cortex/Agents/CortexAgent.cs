using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.Search;

namespace Orchestrator.Cortex.Agents;

/// <summary>
/// The local Cortex agent: picks the analyst or the search tool for a question (with the chat model
/// when one is configured, else by embedding similarity to the semantic model's verified
/// questions), runs it, and answers, emitting Snowflake's <c>response.*</c> events as it goes.
/// </summary>
public sealed class CortexAgent(
    IAnalyst analyst,
    VerifiedQueryMatcher matcher,
    CortexSearchEngine search,
    IAgentQueryRunner runner,
    IOptions<AnalystOptions> options,
    IChatClient? chat = null)
{
    /// <summary>The analyst tool type in <c>tool_spec.type</c>.</summary>
    public const string AnalystToolType = "cortex_analyst_text_to_sql";

    /// <summary>The search tool type in <c>tool_spec.type</c>.</summary>
    public const string SearchToolType = "cortex_search";

    private const int TableRowLimit = 100;
    private static readonly string[] SearchColumns = ["article_id", "title", "body"];

    /// <summary>Runs the agent for <paramref name="question"/>; <paramref name="emit"/> receives each event (name, data).</summary>
    /// <returns>The final assistant message's content items.</returns>
    public async Task<IReadOnlyList<object>> RunAsync(string question, AgentToolPlan plan, string? responseInstruction, Func<string, object, Task> emit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(emit);
        var content = new List<object>();
        await emit("response.status", new { status = "planning", message = "Planning the next steps" });
        var useAnalyst = await ChooseAnalystAsync(question, plan, cancellationToken);
        var toolUseId = "toolu_" + Guid.NewGuid().ToString("N")[..16];
        var (type, name) = useAnalyst ? (AnalystToolType, plan.AnalystName!) : (SearchToolType, plan.SearchName!);
        var toolUse = new { type = "tool_use", tool_use = new { tool_use_id = toolUseId, name, input = new { query = question } } };
        content.Add(toolUse);
        await emit("response.tool_use", new { content_index = content.Count - 1, tool_use_id = toolUseId, type, name, input = new { query = question }, client_side_execute = false });
        await emit("response.status", new { status = "executing_tool", message = $"Using tool {name}" });

        string evidence;
        if (useAnalyst)
        {
            evidence = await RunAnalystAsync(question, plan, toolUseId, name, content, emit, cancellationToken);
        }
        else
        {
            evidence = await RunSearchAsync(question, plan, toolUseId, name, content, emit, cancellationToken);
        }

        await emit("response.status", new { status = "proceeding_to_answer", message = "Forming the answer" });
        var textIndex = content.Count;
        var text = new StringBuilder();
        await foreach (var delta in AnswerAsync(question, evidence, responseInstruction, cancellationToken))
        {
            text.Append(delta);
            await emit("response.text.delta", new { content_index = textIndex, text = delta });
        }

        content.Add(new { type = "text", text = text.ToString() });
        await emit("response.text", new { content_index = textIndex, text = text.ToString(), annotations = Array.Empty<object>() });
        return content;
    }

    private async Task<bool> ChooseAnalystAsync(string question, AgentToolPlan plan, CancellationToken cancellationToken)
    {
        if (plan.AnalystName is null || plan.Model is null)
        {
            return false;
        }

        if (plan.SearchName is null)
        {
            return true;
        }

        if (chat is not null)
        {
            var prompt = $"""
                Pick the tool for the user's question. Answer with exactly one word.
                analyst: structured data (numbers, totals, trends, rankings) — {plan.Model.Description}
                search: support and policy articles (how to, rules, procedures, troubleshooting).
                Question: {question}
                """;
            var reply = await chat.GetResponseAsync(prompt, cancellationToken: cancellationToken);
            return reply.Text.Contains("analyst", StringComparison.OrdinalIgnoreCase);
        }

        var ranked = await matcher.RankAsync(plan.Model, question, cancellationToken);
        return ranked.Count > 0 && ranked[0].Similarity >= options.Value.SimilarityThreshold;
    }

    private async Task<string> RunAnalystAsync(string question, AgentToolPlan plan, string toolUseId, string name, List<object> content, Func<string, object, Task> emit, CancellationToken cancellationToken)
    {
        var answer = await analyst.AnswerAsync(plan.Model!, question, null, cancellationToken);
        var sql = answer.Content.FirstOrDefault(c => c.Type == "sql")?.Statement;
        var interpretation = answer.Content.FirstOrDefault(c => c.Type == "text")?.Text ?? string.Empty;
        var json = new Dictionary<string, object?> { ["text"] = interpretation };
        if (sql is not null)
        {
            json["sql"] = sql;
        }

        if (answer.Content.FirstOrDefault(c => c.Type == "suggestions")?.Suggestions is { } suggestions)
        {
            json["suggestions"] = suggestions;
        }

        var result = new { type = "tool_result", tool_result = new { tool_use_id = toolUseId, name, status = "success", content = new object[] { new { type = "json", json } } } };
        content.Add(result);
        await emit("response.tool_result", new { content_index = content.Count - 1, tool_use_id = toolUseId, type = AnalystToolType, name, status = "success", content = result.tool_result.content });
        if (sql is null)
        {
            return interpretation + (json.TryGetValue("suggestions", out var s) && s is IReadOnlyList<string> list ? "\nTry: " + string.Join("; ", list) : string.Empty);
        }

        var table = await runner.RunAsync(sql, TableRowLimit, cancellationToken);
        var resultSet = new
        {
            statementHandle = table.StatementHandle,
            resultSetMetaData = new { format = "jsonv2", numRows = table.Rows.Count, rowType = table.Columns.Select(c => new { name = c.Name, type = c.Type }) },
            data = table.Rows,
        };
        content.Add(new { type = "table", table = new { tool_use_id = toolUseId, result_set = resultSet } });
        await emit("response.table", new { content_index = content.Count - 1, tool_use_id = toolUseId, result_set = resultSet });
        return $"{interpretation}\nSQL: {sql}\nResult ({table.Rows.Count} rows):\n" + FormatTable(table);
    }

    private async Task<string> RunSearchAsync(string question, AgentToolPlan plan, string toolUseId, string name, List<object> content, Func<string, object, Task> emit, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.SerializeToElement(new { query = question, columns = SearchColumns, limit = plan.SearchMaxResults });
        var rows = await search.QueryAsync(request, cancellationToken);
        var results = rows.Select(r => new { doc_id = r["article_id"], doc_title = r["title"], text = r["body"] }).ToList();
        var json = new { searchResults = results };
        var result = new { type = "tool_result", tool_result = new { tool_use_id = toolUseId, name, status = "success", content = new object[] { new { type = "json", json } } } };
        content.Add(result);
        await emit("response.tool_result", new { content_index = content.Count - 1, tool_use_id = toolUseId, type = SearchToolType, name, status = "success", content = result.tool_result.content });
        return string.Join("\n", results.Select((r, i) => $"[{i + 1}] {r.doc_title}: {r.text}"));
    }

    private async IAsyncEnumerable<string> AnswerAsync(string question, string evidence, string? responseInstruction, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (chat is null)
        {
            // Offline: the evidence itself is the answer, streamed line by line.
            foreach (var line in ("Here is what I found for \"" + question + "\":\n" + evidence).Split('\n'))
            {
                yield return line + "\n";
            }

            yield break;
        }

        var prompt = $"""
            Answer the question using only the evidence. Be concise; cite search results as [n].
            {responseInstruction}
            Question: {question}
            Evidence:
            {evidence}
            """;
        await foreach (var update in chat.GetStreamingResponseAsync(prompt, cancellationToken: cancellationToken))
        {
            if (!string.IsNullOrEmpty(update.Text))
            {
                yield return update.Text;
            }
        }
    }

    private static string FormatTable(AgentTable table)
    {
        var lines = new List<string> { string.Join(" | ", table.Columns.Select(c => c.Name)) };
        lines.AddRange(table.Rows.Take(20).Select(r => string.Join(" | ", r.Select(v => v ?? "NULL"))));
        if (table.Rows.Count > 20)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"… {table.Rows.Count - 20} more rows"));
        }

        return string.Join("\n", lines);
    }
}
