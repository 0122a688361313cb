using System.Text.Json;

namespace Orchestrator.Graph.Engine.Channels;

/// <summary>A channel whose value is a JSON array kept as a list of items, materialised once per change.</summary>
internal abstract class ListChannel(string name) : Channel(name)
{
    private JsonElement _materialised;

    protected List<JsonElement> Items { get; private set; } = [];

    public override bool IsAvailable => _materialised.ValueKind != JsonValueKind.Undefined;

    public override JsonElement Get() => _materialised;

    public override bool Update(IReadOnlyList<JsonElement> writes)
    {
        if (writes.Count == 0)
        {
            return false;
        }

        foreach (var write in writes)
        {
            Apply(write);
        }

        // Materialised eagerly so parallel readers of the next step never race on a lazy cache.
        Materialise();
        return true;
    }

    public override void Restore(JsonElement value)
    {
        Items = value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];
        OnRestored();
        _materialised = value.ValueKind == JsonValueKind.Array ? value : default;
    }

    public override Channel Copy()
    {
        var copy = CreateEmpty();
        copy.Items = [.. Items];
        copy.OnRestored();
        copy._materialised = _materialised;
        return copy;
    }

    protected abstract void Apply(JsonElement write);

    protected virtual void OnRestored()
    {
    }

    protected abstract ListChannel CreateEmpty();

    private void Materialise() => _materialised = JsonBuilder.Build(Items, static (w, items) =>
    {
        w.WriteStartArray();
        foreach (var item in items)
        {
            item.WriteTo(w);
        }

        w.WriteEndArray();
    });
}
