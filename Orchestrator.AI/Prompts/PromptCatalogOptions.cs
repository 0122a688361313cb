using System.ComponentModel.DataAnnotations;

namespace Orchestrator.AI.Prompts;

/// <summary>How prompts are fetched from Langfuse (<c>Langfuse:Prompts</c>).</summary>
public sealed class PromptCatalogOptions
{
    public const string SectionName = "Langfuse:Prompts";

    /// <summary>The label fetched; Langfuse's convention is <c>production</c>.</summary>
    [Required]
    public string Label { get; set; } = "production";

    /// <summary>How long a fetched prompt is served without asking again; after that it is served stale while one refresh runs.</summary>
    [Range(1, 86_400)]
    public int CacheSeconds { get; set; } = 60;

    /// <summary>How long the local fallback is used after Langfuse failed, before trying again.</summary>
    [Range(1, 3_600)]
    public int RetryAfterFailureSeconds { get; set; } = 15;
}
