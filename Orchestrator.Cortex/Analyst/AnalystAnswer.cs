namespace Orchestrator.Cortex.Analyst;

/// <summary>What the analyst produced for a question, before it is shaped as JSON or SSE.</summary>
/// <param name="Content">The analyst message's content items, in order.</param>
/// <param name="Warnings">Warnings for the client.</param>
/// <param name="Metadata">The <c>response_metadata</c> (how the answer was produced).</param>
public sealed record AnalystAnswer(IReadOnlyList<MessageContent> Content, IReadOnlyList<AnalystWarning> Warnings, IReadOnlyDictionary<string, object?> Metadata);

/// <summary>Answers a data question over a semantic model.</summary>
public interface IAnalyst
{
    /// <summary>Answers <paramref name="question"/> (the last user message) with SQL, or suggestions when it cannot.</summary>
    /// <param name="model">The semantic model to answer over.</param>
    /// <param name="question">The question.</param>
    /// <param name="progress">Receives status updates (<c>interpreting_question</c>, <c>generating_sql</c>, …) as work proceeds.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    Task<AnalystAnswer> AnswerAsync(SemanticModel.SemanticModelDocument model, string question, Func<string, Task>? progress, CancellationToken cancellationToken);
}
