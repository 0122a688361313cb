using System.Text.Json;

namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>What produced a checkpoint (LangGraph's metadata: source, step, parents, plus free keys such as run_id).</summary>
public sealed class CheckpointMetadata
{
    /// <summary>Source of a checkpoint created from a run's input.</summary>
    public const string SourceInput = "input";

    /// <summary>Source of a checkpoint created by a super-step.</summary>
    public const string SourceLoop = "loop";

    /// <summary>Source of a checkpoint created by a state update.</summary>
    public const string SourceUpdate = "update";

    /// <summary>input, loop, update or fork.</summary>
    public required string Source { get; init; }

    /// <summary>-1 for the first input checkpoint, then one more per super-step.</summary>
    public required int Step { get; init; }

    /// <summary>Checkpoint ids of the enclosing graphs, by namespace (subgraph checkpoints only).</summary>
    public IReadOnlyDictionary<string, string> Parents { get; init; } = new Dictionary<string, string>();

    /// <summary>Caller-supplied keys (run_id, assistant_id, graph_id, ...).</summary>
    public IReadOnlyDictionary<string, JsonElement> Extra { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>Writes the metadata as one flat JSON object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (var (key, value) in Extra)
        {
            if (key is not ("source" or "step" or "parents"))
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }
        }

        writer.WriteString("source", Source);
        writer.WriteNumber("step", Step);
        writer.WriteStartObject("parents");
        foreach (var (ns, id) in Parents)
        {
            writer.WriteString(ns, id);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>The metadata as a JSON object.</summary>
    public JsonElement ToJson() => JsonBuilder.Build(this, static (w, m) => m.WriteTo(w));

    /// <summary>Reads metadata written by <see cref="WriteTo"/>.</summary>
    public static CheckpointMetadata FromJson(JsonElement json)
    {
        var source = SourceLoop;
        var step = 0;
        var parents = new Dictionary<string, string>();
        var extra = new Dictionary<string, JsonElement>();
        foreach (var property in json.EnumerateObject())
        {
            switch (property.Name)
            {
                case "source":
                    source = property.Value.GetString() ?? SourceLoop;
                    break;
                case "step":
                    step = property.Value.GetInt32();
                    break;
                case "parents":
                    foreach (var parent in property.Value.EnumerateObject())
                    {
                        parents[parent.Name] = parent.Value.GetString() ?? "";
                    }

                    break;
                default:
                    extra[property.Name] = property.Value.Clone();
                    break;
            }
        }

        return new CheckpointMetadata { Source = source, Step = step, Parents = parents, Extra = extra };
    }

    /// <summary>Whether every key of <paramref name="filter"/> is present with an equal JSON value.</summary>
    public bool Matches(IReadOnlyDictionary<string, JsonElement>? filter)
    {
        if (filter is null || filter.Count == 0)
        {
            return true;
        }

        foreach (var (key, expected) in filter)
        {
            JsonElement actual;
            switch (key)
            {
                case "source":
                    actual = JsonBuilder.FromString(Source);
                    break;
                case "step":
                    actual = JsonBuilder.FromNumber(Step);
                    break;
                default:
                    if (!Extra.TryGetValue(key, out actual))
                    {
                        return false;
                    }

                    break;
            }

            if (!JsonElement.DeepEquals(actual, expected))
            {
                return false;
            }
        }

        return true;
    }
}
