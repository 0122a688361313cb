using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Orchestrator.Graph.Engine.Channels;

/// <summary>
/// Messages in state use LangChain's JSON shape (<c>{"type": "human"|"ai"|"system"|"tool", "content": ..., "id": ...}</c>)
/// so LangGraph clients read them unchanged; these helpers normalise input and convert to and from Microsoft.Extensions.AI.
/// </summary>
public static class MessageJson
{
    /// <summary>The id of a remove message that clears the whole list.</summary>
    public const string RemoveAll = "__remove_all__";

    /// <summary>
    /// Normalises one message: a bare string becomes a human message, OpenAI-style <c>role</c> becomes <c>type</c>, and a
    /// missing id is assigned.
    /// </summary>
    public static JsonElement Normalize(JsonElement message)
    {
        if (message.ValueKind == JsonValueKind.String)
        {
            return Create("human", message.GetString() ?? "", null);
        }

        if (message.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidUpdateException($"A message must be a JSON object or a string, not {message.ValueKind}.");
        }

        var hasType = message.TryGetProperty("type", out _);
        var hasId = TryGetId(message, out _);
        if (hasType && hasId)
        {
            return message;
        }

        return JsonBuilder.Build(message, static (w, m) =>
        {
            w.WriteStartObject();
            string? type = null;
            if (m.TryGetProperty("type", out var t))
            {
                type = t.GetString();
            }
            else if (m.TryGetProperty("role", out var role))
            {
                type = RoleToType(role.GetString());
            }

            w.WriteString("type", type ?? "human");
            foreach (var property in m.EnumerateObject())
            {
                if (property.Name is "type" or "role" or "id")
                {
                    continue;
                }

                property.WriteTo(w);
            }

            w.WriteString("id", TryGetId(m, out var id) ? id : Guid.NewGuid().ToString());
            w.WriteEndObject();
        });
    }

    /// <summary>A message of the given type.</summary>
    public static JsonElement Create(string type, string content, string? id, IReadOnlyDictionary<string, JsonElement>? extra = null) =>
        JsonBuilder.Build((type, content, id, extra), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteString("type", s.type);
            w.WriteString("content", s.content);
            w.WriteString("id", s.id ?? Guid.NewGuid().ToString());
            if (s.extra is not null)
            {
                foreach (var (key, value) in s.extra)
                {
                    w.WritePropertyName(key);
                    value.WriteTo(w);
                }
            }

            w.WriteEndObject();
        });

    /// <summary>A remove message for the message with <paramref name="id"/> (or <see cref="RemoveAll"/>).</summary>
    public static JsonElement Remove(string id) => JsonBuilder.Build(id, static (w, i) =>
    {
        w.WriteStartObject();
        w.WriteString("type", "remove");
        w.WriteString("id", i);
        w.WriteEndObject();
    });

    /// <summary>The id of a message, when it has a non-empty string id.</summary>
    public static bool TryGetId(JsonElement message, out string id)
    {
        if (message.ValueKind == JsonValueKind.Object && message.TryGetProperty("id", out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
        {
            id = text;
            return true;
        }

        id = "";
        return false;
    }

    internal static bool IsRemove(JsonElement message) =>
        message.TryGetProperty("type", out var type) && type.ValueEquals("remove"u8);

    /// <summary>The text content of a message (string content, or the concatenated text parts).</summary>
    public static string Text(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return "";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString() ?? "";
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            return "";
        }

        return string.Concat(content.EnumerateArray()
            .Where(part => part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out _))
            .Select(part => part.GetProperty("text").GetString()));
    }

    /// <summary>Converts state messages into chat messages for an <see cref="IChatClient"/>.</summary>
    public static List<ChatMessage> ToChatMessages(JsonElement messages)
    {
        List<ChatMessage> result = [];
        if (messages.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var message in messages.EnumerateArray())
        {
            var type = message.TryGetProperty("type", out var t) ? t.GetString() : "human";
            var role = type switch
            {
                "ai" or "AIMessageChunk" => ChatRole.Assistant,
                "system" => ChatRole.System,
                "tool" => ChatRole.Tool,
                _ => ChatRole.User,
            };
            result.Add(new ChatMessage(role, Text(message)) { MessageId = TryGetId(message, out var id) ? id : null });
        }

        return result;
    }

    /// <summary>Converts a model response into an AI message for state.</summary>
    public static JsonElement FromChatResponse(ChatResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return Create("ai", response.Text, response.Messages.LastOrDefault()?.MessageId ?? response.ResponseId);
    }

    private static string RoleToType(string? role) => role switch
    {
        "user" or "human" => "human",
        "assistant" or "ai" => "ai",
        "system" or "developer" => "system",
        "tool" => "tool",
        _ => "human",
    };
}
