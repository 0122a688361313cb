using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.AI.Bedrock.EventStream;

namespace Orchestrator.AI.Bedrock;

/// <summary>
/// Turns ConverseStream events into <see cref="ChatResponseUpdate"/>s. Text and reasoning deltas are
/// passed on as they arrive; a tool call's input arrives as JSON fragments over several
/// <c>contentBlockDelta</c> events and is emitted as one <see cref="FunctionCallContent"/> when its
/// block stops.
/// </summary>
internal sealed class ConverseStreamAssembler(string modelId, string? responseId)
{
    private readonly Dictionary<int, PendingToolUse> _toolUses = [];

    /// <summary>True once <c>messageStop</c> arrived: the model finished and only metadata may follow.</summary>
    public bool Stopped { get; private set; }

    /// <summary>Returns the update an event produces, or null for events that carry nothing to report yet.</summary>
    public ChatResponseUpdate? Handle(EventStreamMessage message)
    {
        switch (message.MessageType)
        {
            case "exception":
                throw BedrockErrors.Create(
                    CapitalizedType(message.GetString(":exception-type")), null, ReadMessage(message.Payload), modelId);
            case "error":
                throw BedrockErrors.Create(
                    message.GetString(":error-code") ?? "InternalServerException", null,
                    message.GetString(":error-message") ?? "the stream reported an error", modelId);
        }

        using var document = JsonDocument.Parse(message.Payload);
        var root = document.RootElement;
        return message.EventType switch
        {
            "contentBlockStart" => Start(root),
            "contentBlockDelta" => Delta(root),
            "contentBlockStop" => BlockStop(root),
            "messageStop" => MessageStop(root.GetProperty("stopReason").GetString()),
            "metadata" when root.TryGetProperty("usage", out var usage) => Update(new UsageContent(ConverseJson.Usage(usage))),
            _ => null,
        };
    }

    private ChatResponseUpdate? Start(JsonElement root)
    {
        if (root.TryGetProperty("start", out var start) && start.TryGetProperty("toolUse", out var toolUse))
        {
            _toolUses[root.GetProperty("contentBlockIndex").GetInt32()] = new PendingToolUse(
                toolUse.GetProperty("toolUseId").GetString()!, toolUse.GetProperty("name").GetString()!);
        }

        return null;
    }

    private ChatResponseUpdate? Delta(JsonElement root)
    {
        var delta = root.GetProperty("delta");
        if (delta.TryGetProperty("text", out var text))
        {
            return Update(new TextContent(text.GetString()));
        }

        if (delta.TryGetProperty("toolUse", out var toolUse))
        {
            var index = root.GetProperty("contentBlockIndex").GetInt32();
            if (!_toolUses.TryGetValue(index, out var pending))
            {
                throw new InvalidDataException($"Bedrock sent tool input for content block {index} before starting a tool use there.");
            }

            pending.Input.Append(toolUse.GetProperty("input").GetString());
            return null;
        }

        if (delta.TryGetProperty("reasoningContent", out var reasoning) && reasoning.TryGetProperty("text", out var thought))
        {
            return Update(new TextReasoningContent(thought.GetString()));
        }

        return null;
    }

    private ChatResponseUpdate? BlockStop(JsonElement root)
    {
        var index = root.GetProperty("contentBlockIndex").GetInt32();
        if (!_toolUses.Remove(index, out var pending))
        {
            return null;
        }

        return Update(ConverseJson.ToolCall(pending.ToolUseId, pending.Name, Encoding.UTF8.GetBytes(pending.Input.ToString())));
    }

    private ChatResponseUpdate MessageStop(string? stopReason)
    {
        Stopped = true;
        return Update(finishReason: ConverseJson.FinishReason(stopReason));
    }

    private ChatResponseUpdate Update(AIContent? content = null, ChatFinishReason? finishReason = null) =>
        new(ChatRole.Assistant, content is null ? [] : [content])
        {
            ModelId = modelId,
            ResponseId = responseId,
            MessageId = responseId,
            FinishReason = finishReason,
        };

    private static string ReadMessage(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : document.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(payload.Span);
        }
    }

    // Stream exceptions are named in camel case (throttlingException); HTTP errors in Pascal case.
    private static string CapitalizedType(string? type) =>
        string.IsNullOrEmpty(type) ? "InternalServerException" : char.ToUpperInvariant(type[0]) + type[1..];

    private sealed record PendingToolUse(string ToolUseId, string Name)
    {
        public StringBuilder Input { get; } = new();
    }
}
