using System.Text.Json;

namespace Orchestrator.Graph.Engine;

/// <summary>A pause waiting for a human (or another system): the value shown to them and the id to resume it by.</summary>
/// <param name="Id">Resume this interrupt with <see cref="Command.ResumeById"/> using this id.</param>
/// <param name="Value">The value passed to <c>interrupt(value)</c>; null for static interrupts.</param>
/// <param name="When">"during" for <c>interrupt()</c> inside a node, "before" or "after" for static interrupts.</param>
/// <param name="Node">The node that raised it.</param>
public sealed record Interrupt(string Id, JsonElement Value, string When, string Node)
{
    internal JsonElement ToJson() => JsonBuilder.Build(this, static (w, i) =>
    {
        w.WriteStartObject();
        w.WriteString("id", i.Id);
        w.WritePropertyName("value");
        (i.Value.ValueKind == JsonValueKind.Undefined ? JsonBuilder.Null : i.Value).WriteTo(w);
        w.WriteString("when", i.When);
        w.WriteString("node", i.Node);
        w.WriteEndObject();
    });

    internal static Interrupt FromJson(JsonElement json) => new(
        json.GetProperty("id").GetString() ?? "",
        json.TryGetProperty("value", out var value) ? value : JsonBuilder.Null,
        json.TryGetProperty("when", out var when) ? when.GetString() ?? "during" : "during",
        json.TryGetProperty("node", out var node) ? node.GetString() ?? "" : "");
}
