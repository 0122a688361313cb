using System.Text.Json;

namespace Orchestrator.Graph.Engine;

/// <summary>One streamed event.</summary>
/// <param name="Mode">Exactly one mode.</param>
/// <param name="Namespace">Empty for the root graph; one "node:task" entry per subgraph level.</param>
/// <param name="Data">The payload in LangGraph's shape for the mode.</param>
public sealed record GraphEvent(StreamMode Mode, IReadOnlyList<string> Namespace, JsonElement Data)
{
    /// <summary>The LangGraph name of the mode (values, updates, messages, custom, debug).</summary>
    public string ModeName => Mode switch
    {
        StreamMode.Values => "values",
        StreamMode.Updates => "updates",
        StreamMode.Messages => "messages",
        StreamMode.Custom => "custom",
        StreamMode.Debug => "debug",
        _ => "unknown",
    };
}
