using System.ComponentModel.DataAnnotations;

namespace Orchestrator.AgentCore;

/// <summary>Limits of the public edge (<c>AgentCore</c> section).</summary>
public sealed class AgentCoreOptions
{
    public const string SectionName = "AgentCore";

    /// <summary>Largest request body accepted, in bytes; larger bodies get 413.</summary>
    [Range(1_024, 16 * 1024 * 1024, ErrorMessage = "AgentCore:MaxRequestBodyBytes must be 1024-16777216 (AppHost: WithEnvironment(\"AgentCore__MaxRequestBodyBytes\", ...)).")]
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Longest prompt accepted, in characters; longer prompts get 422.</summary>
    [Range(1, 1_000_000, ErrorMessage = "AgentCore:MaxPromptCharacters must be 1-1000000 (AppHost: WithEnvironment(\"AgentCore__MaxPromptCharacters\", ...)).")]
    public int MaxPromptCharacters { get; set; } = 16_000;

    /// <summary>
    /// When graph checkpoints a turn's run (LangGraph's <c>durability</c>): <c>exit</c>, once when it ends (the default),
    /// or <c>sync</c>/<c>async</c>, after every step.
    /// </summary>
    /// <remarks>
    /// The workflow's steps only read, so a run cut short by a crash is simply run again from its input; checkpointing
    /// each step would cost three more writes per turn for nothing a user would notice.
    /// </remarks>
    [RegularExpression("^(sync|async|exit)$", ErrorMessage = "AgentCore:GraphDurability must be sync, async or exit (AppHost: WithEnvironment(\"AgentCore__GraphDurability\", ...)).")]
    public string GraphDurability { get; set; } = "exit";

    /// <summary>
    /// How often feedback that Langfuse did not take when it was given is sent again, in seconds
    /// (<c>AgentCore:FeedbackRetrySeconds</c>; only with Langfuse configured).
    /// </summary>
    [Range(1, 3_600, ErrorMessage = "AgentCore:FeedbackRetrySeconds must be 1-3600 (AppHost: WithEnvironment(\"AgentCore__FeedbackRetrySeconds\", ...)).")]
    public int FeedbackRetrySeconds { get; set; } = 60;
}
