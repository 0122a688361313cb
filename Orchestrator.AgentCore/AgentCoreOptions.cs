using System.ComponentModel.DataAnnotations;

namespace Orchestrator.AgentCore;

/// <summary>Limits of the public edge (<c>AgentCore</c> section).</summary>
public sealed class AgentCoreOptions
{
    public const string SectionName = "AgentCore";

    /// <summary>Largest request body accepted, in bytes; larger bodies get 413.</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Longest prompt accepted, in characters; longer prompts get 422.</summary>
    [Range(1, 1_000_000)]
    public int MaxPromptCharacters { get; set; } = 16_000;
}
