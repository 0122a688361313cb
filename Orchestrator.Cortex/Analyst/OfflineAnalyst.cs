using Microsoft.Extensions.Options;
using Orchestrator.Cortex.SemanticModel;

namespace Orchestrator.Cortex.Analyst;

/// <summary>
/// The analyst without a generative model: it answers with the verified query whose question is
/// closest to the one asked, when that is close enough, and otherwise offers the closest verified
/// questions as suggestions (as Cortex Analyst does when it cannot write SQL).
/// </summary>
public sealed class OfflineAnalyst(VerifiedQueryMatcher matcher, IOptions<AnalystOptions> options) : IAnalyst
{
    /// <inheritdoc />
    public async Task<AnalystAnswer> AnswerAsync(SemanticModelDocument model, string question, Func<string, Task>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (progress is not null)
        {
            await progress("interpreting_question");
        }

        var ranked = await matcher.RankAsync(model, question, cancellationToken);
        var settings = options.Value;
        var metadata = new Dictionary<string, object?>
        {
            ["analyst_mode"] = "offline_verified_query",
            ["semantic_model"] = model.Name,
            ["similarity_threshold"] = settings.SimilarityThreshold,
        };
        if (ranked.Count > 0 && ranked[0].Similarity >= settings.SimilarityThreshold)
        {
            var best = ranked[0];
            var query = best.Query;
            metadata["verified_query"] = query.Name;
            metadata["similarity"] = Math.Round(best.Similarity, 4);
            if (progress is not null)
            {
                await progress("generating_sql");
            }

            return new AnalystAnswer(
                [
                    MessageContent.FromText($"This is our interpretation of your question:\n\n{query.Question}"),
                    MessageContent.FromSql(query.Sql.Trim(), new VerifiedQueryUsed(query.Name, query.Question, query.Sql.Trim(), query.VerifiedAt, query.VerifiedBy)),
                ],
                [],
                metadata);
        }

        metadata["similarity"] = ranked.Count > 0 ? Math.Round(ranked[0].Similarity, 4) : null;
        var suggestions = ranked.Take(settings.SuggestionCount).Select(m => m.Query.Question).ToList();
        return new AnalystAnswer(
            [
                MessageContent.FromText("I could not match your question to the data this semantic model describes with enough confidence. Here are questions I can answer:"),
                MessageContent.FromSuggestions(suggestions),
            ],
            [new AnalystWarning("No generative model is configured and no verified query is close to the question; offering suggestions instead of SQL.")],
            metadata);
    }
}
