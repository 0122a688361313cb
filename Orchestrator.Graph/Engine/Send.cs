using System.Text.Json;

namespace Orchestrator.Graph.Engine;

/// <summary>A packet for map-reduce: runs <paramref name="Node"/> in the next super-step with <paramref name="Argument"/> as its input instead of the state.</summary>
/// <param name="Node">The node to run.</param>
/// <param name="Argument">Its input (read with <see cref="NodeContext.Input"/>).</param>
public sealed record Send(string Node, JsonElement Argument)
{
    internal JsonElement ToJson() => JsonBuilder.Build(this, static (w, s) =>
    {
        w.WriteStartObject();
        w.WriteString("node", s.Node);
        w.WritePropertyName("arg");
        s.Argument.WriteTo(w);
        w.WriteEndObject();
    });

    internal static Send FromJson(JsonElement json) => new(json.GetProperty("node").GetString() ?? "", json.GetProperty("arg"));
}
