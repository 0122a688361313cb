using System.Text.Json;

namespace Orchestrator.Graph.Engine;

/// <summary>Routes a run's events to the caller's callback, tagging subgraph events with their namespace.</summary>
internal sealed class StreamSink(StreamMode modes, bool subgraphs, Action<GraphEvent> emit, IReadOnlyList<string> ns)
{
    public IReadOnlyList<string> Namespace => ns;

    public bool Wants(StreamMode mode) => (modes & mode) != 0 && (ns.Count == 0 || subgraphs || mode == StreamMode.Messages);

    public void Emit(StreamMode mode, JsonElement data)
    {
        if (Wants(mode))
        {
            emit(new GraphEvent(mode, Namespace, data));
        }
    }

    public StreamSink ForSubgraph(string entry) => new(modes, subgraphs, emit, [.. Namespace, entry]);
}
