using System.Text.Json;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Tests.Graph;

/// <summary>Small helpers shared by the engine tests.</summary>
internal static class GraphTestKit
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public static JsonElement J(string json) => JsonBuilder.Parse(json.Replace('\'', '"'));

    public static JsonElement S(string text) => JsonBuilder.FromString(text);

    public static JsonElement N(long value) => JsonBuilder.FromNumber(value);

    /// <summary>A node that appends its own name to the "log" key.</summary>
    public static NodeAction Log(string name) => _ => ValueTask.FromResult(NodeResult.Update(("log", S(name))));

    public static RunConfig Thread(string id = "t1") => new() { ThreadId = id };

    /// <summary>Nodes a → b → c, each logging its name, checkpointed by <paramref name="saver"/>.</summary>
    public static CompiledGraph Chain(ICheckpointSaver saver) => new StateGraph("chain")
        .AddChannel("log", ChannelSpec.Append())
        .AddNode("a", Log("a"))
        .AddNode("b", Log("b"))
        .AddNode("c", Log("c"))
        .SetEntryPoint("a")
        .AddEdge("a", "b")
        .AddEdge("b", "c")
        .Compile(saver);

    public static List<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> source)
    {
        List<T> list = [];
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
