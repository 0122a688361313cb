using System.Text.Json.Nodes;

namespace Orchestrator.AgentCore.Graph;

/// <summary>
/// What one graph run wrote, folded from its <c>updates</c> events: the last value written to each
/// channel, and the text of the last AI message a node added.
/// </summary>
/// <remarks>
/// Only this run's writes count. The thread's <c>values</c> would also hold every earlier turn's
/// messages: a run that stops at an interrupt would seem to answer with the previous turn's answer,
/// and each event would grow with the conversation.
/// </remarks>
internal sealed class RunWrites
{
    private const string InterruptKey = "__interrupt__";
    private const string MessagesChannel = "messages";
    private const string ApprovalInterrupt = "approve_sql";

    /// <summary>Each channel's last written value (SQL, columns, rows, citations, ...); a channel the run reset is null.</summary>
    public JsonObject Values { get; } = [];

    /// <summary>The last AI message's text, or null when no node wrote one.</summary>
    public string? Answer { get; private set; }

    /// <summary>The node that wrote <see cref="Answer"/>.</summary>
    public string? AnswerNode { get; private set; }

    /// <summary>True when the run stopped at an interrupt, waiting for a decision.</summary>
    public bool Interrupted { get; private set; }

    /// <summary>The SQL the run stopped to have approved (the workflow's <c>approve_sql</c> interrupt), or null.</summary>
    public GraphApprovalRequired? PendingApproval { get; private set; }

    /// <summary>Folds one event: <c>{"node": {"channel": value, ...}}</c>, or <c>{"__interrupt__": [...]}</c>.</summary>
    public void Add(string data)
    {
        if (JsonNode.Parse(data) is not JsonObject update)
        {
            return;
        }

        foreach (var (node, writes) in update)
        {
            if (node == InterruptKey)
            {
                Interrupted = true;
                PendingApproval = ApprovalOf(writes) ?? PendingApproval;
            }

            if (writes is not JsonObject channels)
            {
                continue;
            }

            foreach (var (channel, value) in channels.ToList())
            {
                // Detached rather than cloned: the event is parsed once and thrown away.
                channels.Remove(channel);
                if (channel == MessagesChannel && LastAiText(value) is { } text)
                {
                    (Answer, AnswerNode) = (text, node);
                }
                else
                {
                    Values[channel] = value;
                }
            }
        }
    }

    /// <summary>A message's text: its <c>content</c> string, or its text parts joined.</summary>
    public static string? TextOf(JsonNode? content) => content switch
    {
        JsonValue text when text.TryGetValue<string>(out var value) => value,
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => null,
    };

    // Interrupts as the LangGraph API streams them: [{"value": ..., "id": ..., "when": ...}].
    private static GraphApprovalRequired? ApprovalOf(JsonNode? interrupts) =>
        (interrupts as JsonArray)?.OfType<JsonObject>()
            .Where(i => i["value"]?["type"]?.GetValue<string>() == ApprovalInterrupt && i["id"] is not null && i["value"]?["sql"] is not null)
            .Select(i => new GraphApprovalRequired(i["id"]!.GetValue<string>(), i["value"]!["sql"]!.GetValue<string>()))
            .FirstOrDefault();

    // A node may write one message or a list of them.
    private static string? LastAiText(JsonNode? written) => written switch
    {
        JsonArray messages => messages.Reverse().Select(LastAiText).FirstOrDefault(text => text is not null),
        JsonObject message when message["type"]?.GetValue<string>() == "ai" => TextOf(message["content"]),
        _ => null,
    };
}
