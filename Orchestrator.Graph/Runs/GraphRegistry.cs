using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Runs;

/// <summary>A registered workflow, served as an assistant of the LangGraph Server API.</summary>
/// <param name="AssistantId">Stable UUID derived from the graph id (as LangGraph does for its default assistants).</param>
/// <param name="GraphId">The workflow's name.</param>
/// <param name="Description">What it does.</param>
/// <param name="Graph">The compiled workflow, using the service's checkpointer.</param>
public sealed record RegisteredGraph(string AssistantId, string GraphId, string Description, CompiledGraph Graph);

/// <summary>The workflows this service runs, found by assistant id or graph id.</summary>
public sealed class GraphRegistry
{
    private readonly Dictionary<string, RegisteredGraph> _byKey = new(StringComparer.Ordinal);
    private readonly List<RegisteredGraph> _all = [];

    /// <summary>Creates the registry from the workflow factories registered with the service.</summary>
    public GraphRegistry(ICheckpointSaver checkpointer, IEnumerable<GraphDefinition> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        foreach (var definition in definitions)
        {
            var entry = new RegisteredGraph(AssistantIdFor(definition.GraphId), definition.GraphId, definition.Description, definition.Build(checkpointer));
            _all.Add(entry);
            _byKey[entry.AssistantId] = entry;
            _byKey[entry.GraphId] = entry;
        }
    }

    /// <summary>Every registered workflow.</summary>
    public IReadOnlyList<RegisteredGraph> All => _all;

    /// <summary>Finds a workflow by assistant id or graph id.</summary>
    public RegisteredGraph? Find(string? key) => key is not null && _byKey.TryGetValue(key, out var entry) ? entry : null;

    /// <summary>The assistant id of a graph id.</summary>
    public static string AssistantIdFor(string graphId) => CheckpointIds.Deterministic("assistant", graphId, "", "");
}

/// <summary>A workflow the service offers: its id, description, and how to compile it with a checkpointer.</summary>
public sealed record GraphDefinition(string GraphId, string Description, Func<ICheckpointSaver, CompiledGraph> Build);
