using System.Text.Json;

namespace Orchestrator.Graph.Engine.Channels;

internal sealed class AppendChannel(string name) : ListChannel(name)
{
    protected override void Apply(JsonElement write)
    {
        if (write.ValueKind == JsonValueKind.Array)
        {
            Items.AddRange(write.EnumerateArray());
        }
        else
        {
            Items.Add(write);
        }
    }

    protected override ListChannel CreateEmpty() => new AppendChannel(Name);
}
