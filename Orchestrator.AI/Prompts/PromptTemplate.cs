namespace Orchestrator.AI.Prompts;

/// <summary>Where a prompt came from.</summary>
public enum PromptSource
{
    /// <summary>Fetched from Langfuse prompt management.</summary>
    Langfuse,

    /// <summary>The versioned copy kept in the repository, used when Langfuse is not configured or not reachable.</summary>
    Local,
}

/// <summary>A prompt's text at one version, with <c>{{variable}}</c> placeholders.</summary>
public sealed record PromptTemplate(string Name, int Version, string Text, PromptSource Source)
{
    /// <summary>Replaces each <c>{{key}}</c> with its value; unknown placeholders are left as they are.</summary>
    public string Render(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var text = Text;
        foreach (var (key, value) in variables)
        {
            text = text.Replace("{{" + key + "}}", value, StringComparison.Ordinal);
        }

        return text;
    }
}
