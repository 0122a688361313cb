using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.Graph.Engine.Channels;

namespace Orchestrator.Graph.Engine;

/// <summary>What a node sees while it runs: the state, its input, the run's configuration, and the means to interrupt, emit and stream.</summary>
public sealed class NodeContext
{
    private readonly StreamSink? _sink;
    private readonly IReadOnlyDictionary<string, JsonElement> _resume;
    private int _interruptIndex;

    internal NodeContext(string node, string taskId, int step, string checkpointNs, StateView state, JsonElement input, RunConfig config, StreamSink? sink, IReadOnlyDictionary<string, JsonElement> resume, CancellationToken cancellationToken)
    {
        Node = node;
        TaskId = taskId;
        Step = step;
        CheckpointNs = checkpointNs;
        State = state;
        Input = input;
        Config = config;
        _sink = sink;
        _resume = resume;
        CancellationToken = cancellationToken;
    }

    /// <summary>The node's name.</summary>
    public string Node { get; }

    /// <summary>The deterministic task id (stable when the step is retried or resumed).</summary>
    public string TaskId { get; }

    /// <summary>The super-step.</summary>
    public int Step { get; }

    /// <summary>The namespace of the graph running the node.</summary>
    public string CheckpointNs { get; }

    /// <summary>The state at the start of the step.</summary>
    public StateView State { get; }

    /// <summary>The <see cref="Send"/> argument for a fanned-out task; undefined for a task triggered by an edge.</summary>
    public JsonElement Input { get; }

    /// <summary>The run's configuration.</summary>
    public RunConfig Config { get; }

    /// <summary>Cancelled when the run is cancelled or the node's timeout passes.</summary>
    public CancellationToken CancellationToken { get; }

    internal IReadOnlyDictionary<string, JsonElement> ResumeValues => _resume;

    internal StreamSink? Sink => _sink;

    /// <summary>
    /// Pauses the run and shows <paramref name="value"/> to a human; when the run is resumed the node runs again from the
    /// start and this call returns the resume value.
    /// </summary>
    /// <remarks>Calls are matched to resume values by their order within the node, so a node must call it in a stable order.</remarks>
    public JsonElement Interrupt(JsonElement value)
    {
        var id = InterruptId(CheckpointNs, TaskId, _interruptIndex++);
        if (_resume.TryGetValue(id, out var resumed))
        {
            return resumed;
        }

        throw new GraphInterruptException([new Interrupt(id, value, "during", Node)]);
    }

    /// <summary>Emits a value on the custom stream.</summary>
    public void Emit(JsonElement value) => _sink?.Emit(StreamMode.Custom, value);

    /// <summary>
    /// Calls a chat model with streaming, reporting each token on the messages stream, and returns the whole response.
    /// </summary>
    public async Task<ChatResponse> StreamChatAsync(IChatClient client, IEnumerable<ChatMessage> messages, ChatOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        var messageId = "run-" + TaskId + "-" + Guid.NewGuid().ToString("N")[..8];
        List<ChatResponseUpdate> updates = [];
        var wantsTokens = _sink?.Wants(StreamMode.Messages) == true;
        JsonElement metadata = wantsTokens ? TokenMetadata() : default;
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, CancellationToken))
        {
            updates.Add(update);
            if (wantsTokens && update.Text is { Length: > 0 } text)
            {
                _sink!.Emit(StreamMode.Messages, JsonBuilder.Build((MessageJson.Create("AIMessageChunk", text, messageId), metadata), static (w, s) =>
                {
                    w.WriteStartArray();
                    s.Item1.WriteTo(w);
                    s.metadata.WriteTo(w);
                    w.WriteEndArray();
                }));
            }
        }

        var response = updates.ToChatResponse();
        if (response.Messages.Count > 0)
        {
            response.Messages[^1].MessageId = messageId;
        }

        return response;
    }

    internal static string InterruptId(string ns, string taskId, int index) =>
        Checkpoints.CheckpointIds.Deterministic(ns, taskId, "interrupt", index.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private JsonElement TokenMetadata() => JsonBuilder.Build(this, static (w, c) =>
    {
        w.WriteStartObject();
        w.WriteString("langgraph_node", c.Node);
        w.WriteNumber("langgraph_step", c.Step);
        w.WriteString("langgraph_checkpoint_ns", c.CheckpointNs);
        w.WriteString("thread_id", c.Config.ThreadId);
        w.WriteEndObject();
    });
}
