using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;

namespace Orchestrator.AI.Bedrock;

/// <summary>The pieces of Converse's JSON that the buffered and the streaming responses share.</summary>
internal static class ConverseJson
{
    public static JsonSerializerOptions Options => AIJsonUtilities.DefaultOptions;

    public static JsonTypeInfo<IDictionary<string, object?>> ArgumentsTypeInfo { get; } =
        (JsonTypeInfo<IDictionary<string, object?>>)AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>));

    /// <summary>Maps Converse's <c>stopReason</c> to a finish reason; unknown reasons pass through unchanged.</summary>
    public static ChatFinishReason? FinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "end_turn" or "stop_sequence" => ChatFinishReason.Stop,
        "tool_use" => ChatFinishReason.ToolCalls,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "guardrail_intervened" or "content_filtered" => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(stopReason),
    };

    /// <summary>Reads a Converse <c>usage</c> object, including prompt-cache reads and writes.</summary>
    public static UsageDetails Usage(JsonElement usage)
    {
        var details = new UsageDetails
        {
            InputTokenCount = Number(usage, "inputTokens"),
            OutputTokenCount = Number(usage, "outputTokens"),
            TotalTokenCount = Number(usage, "totalTokens"),
            CachedInputTokenCount = Number(usage, "cacheReadInputTokens"),
        };
        if (Number(usage, "cacheWriteInputTokens") is { } written)
        {
            details.AdditionalCounts = new() { ["CacheWriteInputTokens"] = written };
        }

        return details;
    }

    /// <summary>Parses a tool call's input; Converse always sends a JSON object, possibly empty.</summary>
    public static FunctionCallContent ToolCall(string toolUseId, string name, ReadOnlySpan<byte> inputJson) =>
        FunctionCallContent.CreateFromParsedArguments(
            inputJson.IsEmpty ? "{}"u8.ToArray() : inputJson.ToArray(),
            toolUseId,
            name,
            json => JsonSerializer.Deserialize(json, ArgumentsTypeInfo));

    private static long? Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;
}
