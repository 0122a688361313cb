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
}
