using System.Text.Json;
using Orchestrator.Graph.Engine.Channels;

namespace Orchestrator.Graph.Engine;

/// <summary>A read-only view of the state during a step.</summary>
public sealed class StateView
{
    private readonly CompiledGraph _graph;
    private readonly Channel[] _channels;
    private readonly Dictionary<int, Channel>? _overlay;

    internal StateView(CompiledGraph graph, Channel[] channels, Dictionary<int, Channel>? overlay = null)
    {
        _graph = graph;
        _channels = channels;
        _overlay = overlay;
    }

    /// <summary>The state keys of the graph.</summary>
    public IReadOnlyList<string> Keys => _graph.ChannelNames;

    /// <summary>The value of a key; <see cref="JsonValueKind.Undefined"/> when it has none or is not a key.</summary>
    public JsonElement this[string key] => TryGetValue(key, out var value) ? value : default;

    /// <summary>The value of a key, when it has one.</summary>
    public bool TryGetValue(string key, out JsonElement value)
    {
        if (_graph.ChannelIndex.TryGetValue(key, out var index))
        {
            var channel = _overlay is not null && _overlay.TryGetValue(index, out var local) ? local : _channels[index];
            if (channel.IsAvailable)
            {
                value = channel.Get();
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>A string value, or null.</summary>
    public string? GetString(string key) => TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>An integer value, or <paramref name="fallback"/>.</summary>
    public long GetInt64(string key, long fallback = 0) => TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : fallback;

    /// <summary>An array's length, or 0.</summary>
    public int Count(string key) => TryGetValue(key, out var v) && v.ValueKind == JsonValueKind.Array ? v.GetArrayLength() : 0;

    /// <summary>Deserialises a value (convenience for node code; uses System.Text.Json web defaults).</summary>
    public T? Get<T>(string key, JsonSerializerOptions? options = null) =>
        TryGetValue(key, out var v) ? v.Deserialize<T>(options ?? JsonSerializerOptions.Web) : default;

    /// <summary>The whole state as a JSON object.</summary>
    public JsonElement ToJson() => JsonBuilder.Build(this, static (w, view) => view.WriteTo(w));

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        foreach (var key in _graph.ChannelNames)
        {
            if (TryGetValue(key, out var value))
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }
}
