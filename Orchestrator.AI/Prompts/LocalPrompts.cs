using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.AI.Prompts;

/// <summary>
/// The prompts kept in the repository (<c>Prompts/Local/*.json</c>, embedded): the fallback when
/// Langfuse is absent or down, and what <c>eng/upload-prompts.mjs</c> sends to Langfuse. Raise a
/// file's <c>version</c> whenever its text changes.
/// </summary>
public static class LocalPrompts
{
    private static readonly Lazy<IReadOnlyDictionary<string, PromptTemplate>> All = new(Load);

    public static IReadOnlyDictionary<string, PromptTemplate> Templates => All.Value;

    /// <exception cref="KeyNotFoundException">No local prompt has that name.</exception>
    public static PromptTemplate Get(string name) =>
        All.Value.TryGetValue(name, out var template)
            ? template
            : throw new KeyNotFoundException($"No local prompt named '{name}'; the local prompts are {string.Join(", ", All.Value.Keys)}.");

    private static Dictionary<string, PromptTemplate> Load()
    {
        var assembly = typeof(LocalPrompts).Assembly;
        var templates = new Dictionary<string, PromptTemplate>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".Prompts.Local.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            var file = JsonSerializer.Deserialize<PromptFile>(stream)
                ?? throw new InvalidOperationException($"Prompt resource '{resource}' is empty.");
            templates.Add(file.Name, new PromptTemplate(file.Name, file.Version, file.Prompt, PromptSource.Local));
        }

        return templates;
    }

    private sealed record PromptFile(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("prompt")] string Prompt);
}
