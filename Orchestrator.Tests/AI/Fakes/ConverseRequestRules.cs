using System.Text.Json;
using System.Text.RegularExpressions;

namespace Orchestrator.Tests.AI.Fakes;

/// <summary>
/// The shape rules Bedrock's Converse API enforces on a request body, as its documentation states
/// them: the fake answers a violation with the 400 ValidationException Bedrock would send.
/// </summary>
public static partial class ConverseRequestRules
{
    private static readonly HashSet<string> TopLevel = ["messages", "system", "inferenceConfig", "toolConfig", "additionalModelRequestFields", "guardrailConfig", "performanceConfig", "promptVariables", "requestMetadata", "additionalModelResponseFieldPaths"];
    private static readonly HashSet<string> Inference = ["maxTokens", "temperature", "topP", "stopSequences"];
    private static readonly HashSet<string> Blocks = ["text", "image", "document", "video", "toolUse", "toolResult", "reasoningContent", "cachePoint", "guardContent"];

    /// <summary>Returns what is wrong with the body, or null when Converse would accept it.</summary>
    public static string? Validate(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "The request body must be a JSON object.";
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!TopLevel.Contains(property.Name))
            {
                return $"Unknown field '{property.Name}'.";
            }
        }

        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            return "messages must be a non-empty array.";
        }

        var usesTools = false;
        string? previousRole = null;
        var previousToolUseIds = new HashSet<string>();
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var role = message.TryGetProperty("role", out var r) ? r.GetString() : null;
            if (role is not ("user" or "assistant"))
            {
                return $"messages.{index}.role must be user or assistant.";
            }

            if (index == 0 && role != "user")
            {
                return "A conversation must start with a user message. Try again with a conversation that starts with a user message.";
            }

            if (role == previousRole)
            {
                return "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.";
            }

            if (!message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array || content.GetArrayLength() == 0)
            {
                return $"messages.{index}.content must be a non-empty array.";
            }

            var toolUseIds = new HashSet<string>();
            foreach (var block in content.EnumerateArray())
            {
                var names = block.EnumerateObject().Select(p => p.Name).ToList();
                if (names.Count != 1 || !Blocks.Contains(names[0]))
                {
                    return $"messages.{index}: a content block must have exactly one of {string.Join(", ", Blocks)}.";
                }

                var value = block.GetProperty(names[0]);
                switch (names[0])
                {
                    case "text" when value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()):
                        return $"messages.{index}: text content blocks must be non-empty.";
                    case "toolUse":
                        usesTools = true;
                        if (role != "assistant" || !value.TryGetProperty("toolUseId", out var id) || !value.TryGetProperty("name", out _) ||
                            !value.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
                        {
                            return $"messages.{index}: toolUse needs toolUseId, name and an object input, in an assistant message.";
                        }

                        toolUseIds.Add(id.GetString()!);
                        break;
                    case "toolResult":
                        usesTools = true;
                        var resultId = value.TryGetProperty("toolUseId", out var rid) ? rid.GetString() : null;
                        if (role != "user" || resultId is null || !previousToolUseIds.Contains(resultId))
                        {
                            return $"messages.{index}: the toolResult blocks must answer toolUse ids of the previous assistant turn ('{resultId}' does not).";
                        }

                        if (value.TryGetProperty("status", out var status) && status.GetString() is not ("success" or "error"))
                        {
                            return $"messages.{index}: toolResult status must be success or error.";
                        }

                        break;
                    case "image" or "document":
                        if (!value.TryGetProperty("format", out _) || !value.TryGetProperty("source", out var source) || !source.TryGetProperty("bytes", out _))
                        {
                            return $"messages.{index}: {names[0]} needs format and source.bytes.";
                        }

                        if (names[0] == "document" && (!value.TryGetProperty("name", out var docName) || !DocumentName().IsMatch(docName.GetString() ?? "")))
                        {
                            return $"messages.{index}: document names may contain only alphanumerics, single spaces, hyphens, parentheses and square brackets.";
                        }

                        break;
                }
            }

            previousToolUseIds = toolUseIds;
            previousRole = role;
            index++;
        }

        if (root.TryGetProperty("inferenceConfig", out var inference))
        {
            foreach (var property in inference.EnumerateObject())
            {
                if (!Inference.Contains(property.Name))
                {
                    return $"Unknown inferenceConfig field '{property.Name}'.";
                }
            }
        }

        if (!root.TryGetProperty("toolConfig", out var toolConfig))
        {
            return usesTools
                ? "The toolConfig field must be defined when using toolUse and toolResult content blocks."
                : null;
        }

        return ValidateToolConfig(toolConfig);
    }

    private static string? ValidateToolConfig(JsonElement toolConfig)
    {
        if (!toolConfig.TryGetProperty("tools", out var tools) || tools.GetArrayLength() == 0)
        {
            return "toolConfig.tools must be a non-empty array.";
        }

        var names = new HashSet<string>();
        foreach (var tool in tools.EnumerateArray())
        {
            if (!tool.TryGetProperty("toolSpec", out var spec) || !spec.TryGetProperty("name", out var name) ||
                !ToolName().IsMatch(name.GetString() ?? "") ||
                !spec.TryGetProperty("inputSchema", out var schema) || !schema.TryGetProperty("json", out var json) ||
                json.ValueKind != JsonValueKind.Object)
            {
                return "Each tool needs a toolSpec with a name matching [a-zA-Z0-9_-]{1,64} and inputSchema.json.";
            }

            names.Add(name.GetString()!);
        }

        if (toolConfig.TryGetProperty("toolChoice", out var choice))
        {
            var kinds = choice.EnumerateObject().Select(p => p.Name).ToList();
            if (kinds.Count != 1 || kinds[0] is not ("auto" or "any" or "tool"))
            {
                return "toolChoice must have exactly one of auto, any, tool.";
            }

            if (kinds[0] == "tool" && !names.Contains(choice.GetProperty("tool").GetProperty("name").GetString() ?? ""))
            {
                return "toolChoice.tool.name must name one of the tools.";
            }
        }

        return null;
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex ToolName();

    [GeneratedRegex(@"^[a-zA-Z0-9\-\(\)\[\]]+( [a-zA-Z0-9\-\(\)\[\]]+)*$")]
    private static partial Regex DocumentName();
}
