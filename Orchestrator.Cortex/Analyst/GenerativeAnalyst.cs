using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Orchestrator.Cortex.SemanticModel;
using Orchestrator.Cortex.Sql;

namespace Orchestrator.Cortex.Analyst;

/// <summary>
/// Text-to-SQL with a generative model: the semantic model in the prompt, verified queries as
/// examples; the SQL must pass the read-only check and EXPLAIN, with one repair attempt.
/// </summary>
public sealed partial class GenerativeAnalyst(IChatClient chat, ISqlChecker checker) : IAnalyst
{
    /// <inheritdoc />
    public async Task<AnalystAnswer> AnswerAsync(SemanticModelDocument model, string question, Func<string, Task>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        progress ??= _ => Task.CompletedTask;
        await progress("interpreting_question");
        var policy = SqlSafetyPolicy.ForRelations(model.Tables.Select(t => t.BaseTable.Table));
        List<ChatMessage> conversation = [new(ChatRole.System, SemanticModelPrompt.Build(model)), new(ChatRole.User, question)];
        var metadata = new Dictionary<string, object?> { ["analyst_mode"] = "generative", ["semantic_model"] = model.Name, ["repair_attempts"] = 0 };
        await progress("generating_sql");
        for (var attempt = 0; ; attempt++)
        {
            var response = await chat.GetResponseAsync(conversation, cancellationToken: cancellationToken);
            metadata["model"] = response.ModelId;
            var (explanation, sql) = Split(response.Text);
            if (sql is null)
            {
                return new AnalystAnswer(
                    [MessageContent.FromText(explanation), MessageContent.FromSuggestions(model.VerifiedQueries.Where(q => q.UseAsOnboardingQuestion).Select(q => q.Question).Take(3).ToList())],
                    [],
                    metadata);
            }

            await progress("validating_sql");
            var verdict = ReadOnlySqlGuard.Check(sql, policy);
            var error = verdict.IsSafe ? await checker.CheckAsync(sql, cancellationToken) : "The query was refused by the read-only check: " + verdict.Reason;
            if (error is null)
            {
                return new AnalystAnswer([MessageContent.FromText(explanation), MessageContent.FromSql(sql, null)], [], metadata);
            }

            if (attempt >= 1)
            {
                return new AnalystAnswer(
                    [MessageContent.FromText("I could not write a valid query for this question over the semantic model.")],
                    [new AnalystWarning($"The generated SQL failed validation after one repair attempt: {error}")],
                    metadata);
            }

            metadata["repair_attempts"] = 1;
            conversation.Add(new ChatMessage(ChatRole.Assistant, response.Text));
            conversation.Add(new ChatMessage(ChatRole.User, $"That SQL failed: {error}\nReturn a corrected query in the same format."));
        }
    }

    /// <summary>Splits a model answer into its explanation and the SQL of its first ```sql block (null when none).</summary>
    public static (string Explanation, string? Sql) Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = SqlBlock().Match(text);
        if (!match.Success)
        {
            return (text.Trim(), null);
        }

        var explanation = (text[..match.Index] + text[(match.Index + match.Length)..]).Trim();
        return (explanation.Length == 0 ? "Here is the query for your question." : explanation, match.Groups["sql"].Value.Trim().TrimEnd(';').Trim());
    }

    [GeneratedRegex("```(?:sql)?\\s*\\n(?<sql>.*?)```", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SqlBlock();
}
