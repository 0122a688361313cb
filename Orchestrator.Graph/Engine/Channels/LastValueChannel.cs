using System.Text.Json;

namespace Orchestrator.Graph.Engine.Channels;

internal sealed class LastValueChannel(string name, JsonElement? @default) : Channel(name)
{
    private JsonElement _value = @default ?? default;

    public override bool IsAvailable => _value.ValueKind != JsonValueKind.Undefined;

    public override JsonElement Get() => _value;

    public override bool Update(IReadOnlyList<JsonElement> writes)
    {
        if (writes.Count == 0)
        {
            return false;
        }

        if (writes.Count > 1)
        {
            throw new InvalidUpdateException(
                $"State key '{Name}' received {writes.Count} values in one step but keeps only the last value; declare it with a reducer (for example ChannelSpec.Append() or ChannelSpec.Reducer(...)) to combine parallel writes.");
        }

        _value = writes[0];
        return true;
    }

    public override void Restore(JsonElement value) => _value = value;

    public override Channel Copy() => new LastValueChannel(Name, null) { _value = _value };
}
