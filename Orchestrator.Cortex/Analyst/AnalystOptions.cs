using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Cortex.Analyst;

/// <summary>Settings of the local analyst (section <c>Cortex:Analyst</c>).</summary>
public sealed class AnalystOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cortex:Analyst";

    /// <summary>
    /// The cosine similarity a question needs with a verified question for the offline analyst to
    /// answer with that query (<c>Cortex:Analyst:SimilarityThreshold</c>); below it, suggestions.
    /// </summary>
    /// <remarks>
    /// Calibrated on arctic-embed-xs over the retail model: paraphrases of verified questions score
    /// 0.85–1.0, unrelated questions 0.73–0.78.
    /// </remarks>
    [Range(0.0, 1.0, ErrorMessage = "Cortex:Analyst:SimilarityThreshold must be between 0 and 1.")]
    public double SimilarityThreshold { get; set; } = 0.84;

    /// <summary>How many suggestions to offer when no verified query is close (<c>Cortex:Analyst:SuggestionCount</c>).</summary>
    [Range(1, 10, ErrorMessage = "Cortex:Analyst:SuggestionCount must be between 1 and 10.")]
    public int SuggestionCount { get; set; } = 3;
}
