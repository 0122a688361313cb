using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Orchestrator.AI.Bedrock;

/// <summary>Reads a Converse response body into a <see cref="ChatResponse"/>.</summary>
internal static class ConverseResponseReader
{
    public static ChatResponse Read(JsonElement root, string modelId, string? requestId)
    {
        var message = new ChatMessage(ChatRole.Assistant, []);
        if (root.TryGetProperty("output", out var output) &&
            output.TryGetProperty("message", out var body) &&
            body.TryGetProperty("content", out var blocks))
        {
            foreach (var block in blocks.EnumerateArray())
            {
                if (ReadBlock(block) is { } content)
                {
                    message.Contents.Add(content);
                }
            }
        }

        message.MessageId = requestId;
        return new ChatResponse(message)
        {
            ResponseId = requestId,
            ModelId = modelId,
            CreatedAt = DateTimeOffset.UtcNow,
            FinishReason = ConverseJson.FinishReason(
                root.TryGetProperty("stopReason", out var stop) ? stop.GetString() : null),
            Usage = root.TryGetProperty("usage", out var usage) ? ConverseJson.Usage(usage) : null,
        };
    }

    private static AIContent? ReadBlock(JsonElement block)
    {
        if (block.TryGetProperty("text", out var text))
        {
            return new TextContent(text.GetString());
        }

        if (block.TryGetProperty("toolUse", out var toolUse))
        {
            var input = toolUse.TryGetProperty("input", out var i) ? i.GetRawText() : "{}";
            return ConverseJson.ToolCall(
                toolUse.GetProperty("toolUseId").GetString()!,
                toolUse.GetProperty("name").GetString()!,
                System.Text.Encoding.UTF8.GetBytes(input));
        }

        if (block.TryGetProperty("reasoningContent", out var reasoning) &&
            reasoning.TryGetProperty("reasoningText", out var reasoningText) &&
            reasoningText.TryGetProperty("text", out var thought))
        {
            return new TextReasoningContent(thought.GetString());
        }

        // Blocks this client does not model (citations, guard content) are kept raw rather than dropped silently.
        return new AIContent { RawRepresentation = block.Clone() };
    }
}
