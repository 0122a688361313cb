using System.Text.Json;

namespace Orchestrator.Graph.Engine.Channels;

internal sealed class ReducerChannel(string name, Func<JsonElement, JsonElement, JsonElement> reducer, JsonElement? initial) : Channel(name)
{
    private JsonElement _value = initial ?? default;

    public override bool IsAvailable => _value.ValueKind != JsonValueKind.Undefined;

    public override JsonElement Get() => _value;

    public override bool Update(IReadOnlyList<JsonElement> writes)
    {
        if (writes.Count == 0)
        {
            return false;
        }

        foreach (var write in writes)
        {
            _value = _value.ValueKind == JsonValueKind.Undefined ? write : reducer(_value, write);
        }

        return true;
    }

    public override void Restore(JsonElement value) => _value = value;

    public override Channel Copy() => new ReducerChannel(Name, reducer, null) { _value = _value };
}
