using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Orchestrator.AI.Bedrock;

/// <summary>
/// Writes the JSON body of a Converse or ConverseStream request from Microsoft.Extensions.AI messages.
/// </summary>
/// <remarks>
/// Converse wants system text apart from the conversation, only the roles <c>user</c> and
/// <c>assistant</c>, and the two strictly alternating. So system messages and
/// <see cref="ChatOptions.Instructions"/> go to <c>system</c>, tool results travel in a user
/// message, and consecutive messages that end up with the same role are merged into one.
/// </remarks>
internal static class ConverseRequestWriter
{
    public static byte[] Write(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
            writer.WriteStartObject();
            WriteMessages(writer, list);
            WriteSystem(writer, list, options);
            WriteInferenceConfig(writer, options);
            WriteToolConfig(writer, options);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMessages(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages)
    {
        writer.WriteStartArray("messages");
        string? openRole = null;
        var documentIndex = 0;
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            var role = message.Role == ChatRole.Assistant ? "assistant" : "user";
            var blocks = message.Contents.Where(IsSent).ToList();
            if (blocks.Count == 0)
            {
                continue;
            }

            if (role != openRole)
            {
                if (openRole is not null)
                {
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteStartObject();
                writer.WriteString("role", role);
                writer.WriteStartArray("content");
                openRole = role;
            }

            foreach (var content in blocks)
            {
                WriteContent(writer, content, ref documentIndex);
            }
        }

        if (openRole is not null)
        {
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    // Converse rejects blank text blocks, and reasoning cannot be replayed without the model's signature.
    private static bool IsSent(AIContent content) => content switch
    {
        TextContent text => !string.IsNullOrWhiteSpace(text.Text),
        TextReasoningContent or UsageContent => false,
        _ => true,
    };

    private static void WriteContent(Utf8JsonWriter writer, AIContent content, ref int documentIndex)
    {
        writer.WriteStartObject();
        switch (content)
        {
            case TextContent text:
                writer.WriteString("text", text.Text);
                break;
            case DataContent data when ConverseContentFormats.TryGetImageFormat(data.MediaType, out var imageFormat):
                writer.WriteStartObject("image");
                writer.WriteString("format", imageFormat);
                writer.WriteStartObject("source");
                writer.WriteBase64String("bytes", data.Data.Span);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case DataContent data when ConverseContentFormats.TryGetDocumentFormat(data.MediaType, out var documentFormat):
                writer.WriteStartObject("document");
                writer.WriteString("format", documentFormat);
                writer.WriteString("name", ConverseContentFormats.DocumentName(data.Name, ++documentIndex));
                writer.WriteStartObject("source");
                writer.WriteBase64String("bytes", data.Data.Span);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case FunctionCallContent call:
                writer.WriteStartObject("toolUse");
                writer.WriteString("toolUseId", call.CallId);
                writer.WriteString("name", call.Name);
                writer.WritePropertyName("input");
                JsonSerializer.Serialize(writer, call.Arguments ?? new Dictionary<string, object?>(), ConverseJson.ArgumentsTypeInfo);
                writer.WriteEndObject();
                break;
            case FunctionResultContent result:
                WriteToolResult(writer, result);
                break;
            default:
                throw new NotSupportedException(
                    $"Bedrock Converse cannot send {content.GetType().Name} content" +
                    (content is DataContent d ? $" of media type '{d.MediaType}'" : "") +
                    "; send text, images (png, jpeg, gif, webp), documents (pdf, csv, doc, docx, xls, xlsx, html, txt, md) or tool calls and results.");
        }

        writer.WriteEndObject();
    }

    private static void WriteToolResult(Utf8JsonWriter writer, FunctionResultContent result)
    {
        writer.WriteStartObject("toolResult");
        writer.WriteString("toolUseId", result.CallId);
        writer.WriteStartArray("content");
        writer.WriteStartObject();
        var value = result.Result switch
        {
            null => default,
            JsonElement element => element,
            string => default,
            var other => JsonSerializer.SerializeToElement(other, ConverseJson.Options.GetTypeInfo(other.GetType())),
        };

        // Converse's json block must be an object; anything else goes as text.
        if (value.ValueKind == JsonValueKind.Object)
        {
            writer.WritePropertyName("json");
            value.WriteTo(writer);
        }
        else
        {
            writer.WriteString("text", result.Result switch
            {
                null => result.Exception?.Message ?? "",
                string s => s,
                _ => value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText(),
            });
        }

        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteString("status", result.Exception is null ? "success" : "error");
        writer.WriteEndObject();
    }

    private static void WriteSystem(Utf8JsonWriter writer, IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var texts = messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text)
            .Append(options?.Instructions)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .ToList();
        if (texts.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("system");
        foreach (var text in texts)
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteInferenceConfig(Utf8JsonWriter writer, ChatOptions? options)
    {
        if (options is null || (options.MaxOutputTokens is null && options.Temperature is null &&
            options.TopP is null && options.StopSequences is not { Count: > 0 }))
        {
            return;
        }

        writer.WriteStartObject("inferenceConfig");
        if (options.MaxOutputTokens is { } maxTokens)
        {
            writer.WriteNumber("maxTokens", maxTokens);
        }

        if (options.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (options.TopP is { } topP)
        {
            writer.WriteNumber("topP", topP);
        }

        if (options.StopSequences is { Count: > 0 } stops)
        {
            writer.WriteStartArray("stopSequences");
            foreach (var stop in stops)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteToolConfig(Utf8JsonWriter writer, ChatOptions? options)
    {
        var functions = options?.Tools?.OfType<AIFunctionDeclaration>().ToList();
        // Converse has no "none" choice; leaving the tools out is how a caller forbids tool use.
        if (functions is not { Count: > 0 } || options!.ToolMode is NoneChatToolMode)
        {
            return;
        }

        writer.WriteStartObject("toolConfig");
        writer.WriteStartArray("tools");
        foreach (var function in functions)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("toolSpec");
            writer.WriteString("name", function.Name);
            if (!string.IsNullOrWhiteSpace(function.Description))
            {
                writer.WriteString("description", function.Description);
            }

            writer.WriteStartObject("inputSchema");
            writer.WritePropertyName("json");
            function.JsonSchema.WriteTo(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartObject("toolChoice");
        switch (options.ToolMode)
        {
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WriteStartObject("tool");
                writer.WriteString("name", name);
                writer.WriteEndObject();
                break;
            case RequiredChatToolMode:
                writer.WriteStartObject("any");
                writer.WriteEndObject();
                break;
            default:
                writer.WriteStartObject("auto");
                writer.WriteEndObject();
                break;
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
