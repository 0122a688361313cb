using System.Text.Json;

namespace Orchestrator.Graph.Engine.Channels;

/// <summary>Declares a state key and its reducer: how the writes of one super-step combine with the current value.</summary>
public abstract class ChannelSpec
{
    private protected ChannelSpec()
    {
    }

    /// <summary>The key keeps the last value written; two writes in one step are an error.</summary>
    /// <param name="default">The value before any write, if any.</param>
    public static ChannelSpec LastValue(JsonElement? @default = null) => new LastValueSpec(@default);

    /// <summary>A message list with LangGraph's add_messages semantics: append, replace by id, remove by id.</summary>
    public static ChannelSpec Messages() => MessagesSpec.Instance;

    /// <summary>A list that concatenates every write (arrays are spread, other values appended).</summary>
    public static ChannelSpec Append() => AppendSpec.Instance;

    /// <summary>A custom reducer folding each write into the current value.</summary>
    /// <param name="reducer">(current, write) → new value. Must not mutate its inputs.</param>
    /// <param name="initial">The value before any write; when null the first write is taken as is.</param>
    public static ChannelSpec Reducer(Func<JsonElement, JsonElement, JsonElement> reducer, JsonElement? initial = null)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        return new ReducerSpec(reducer, initial);
    }

    internal abstract Channel Create(string name);

    private sealed class LastValueSpec(JsonElement? @default) : ChannelSpec
    {
        internal override Channel Create(string name) => new LastValueChannel(name, @default);
    }

    private sealed class MessagesSpec : ChannelSpec
    {
        public static readonly MessagesSpec Instance = new();

        internal override Channel Create(string name) => new MessagesChannel(name);
    }

    private sealed class AppendSpec : ChannelSpec
    {
        public static readonly AppendSpec Instance = new();

        internal override Channel Create(string name) => new AppendChannel(name);
    }

    private sealed class ReducerSpec(Func<JsonElement, JsonElement, JsonElement> reducer, JsonElement? initial) : ChannelSpec
    {
        internal override Channel Create(string name) => new ReducerChannel(name, reducer, initial);
    }
}
