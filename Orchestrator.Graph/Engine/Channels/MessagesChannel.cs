using System.Text.Json;

namespace Orchestrator.Graph.Engine.Channels;

/// <summary>LangGraph's add_messages: appends new messages, replaces a message with the same id, removes on a remove message.</summary>
internal sealed class MessagesChannel(string name) : ListChannel(name)
{
    private readonly Dictionary<string, int> _indexById = new(StringComparer.Ordinal);

    protected override void Apply(JsonElement write)
    {
        if (write.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in write.EnumerateArray())
            {
                ApplyOne(item);
            }
        }
        else
        {
            ApplyOne(write);
        }
    }

    protected override void OnRestored()
    {
        _indexById.Clear();
        for (var i = 0; i < Items.Count; i++)
        {
            if (MessageJson.TryGetId(Items[i], out var id))
            {
                _indexById[id] = i;
            }
        }
    }

    protected override ListChannel CreateEmpty() => new MessagesChannel(Name);

    private void ApplyOne(JsonElement raw)
    {
        var message = MessageJson.Normalize(raw);
        MessageJson.TryGetId(message, out var id);
        if (MessageJson.IsRemove(message))
        {
            if (id == MessageJson.RemoveAll)
            {
                Items.Clear();
                _indexById.Clear();
                return;
            }

            if (!_indexById.TryGetValue(id, out var index))
            {
                throw new InvalidUpdateException($"State key '{Name}': cannot remove message '{id}' because no message has that id.");
            }

            Items.RemoveAt(index);
            OnRestored();
            return;
        }

        if (_indexById.TryGetValue(id, out var existing))
        {
            Items[existing] = message;
        }
        else
        {
            _indexById[id] = Items.Count;
            Items.Add(message);
        }
    }
}
