using System.Text.Json;
using Orchestrator.Graph.Engine;

namespace Orchestrator.Graph.Runs;

/// <summary>The body of a run request of the LangGraph Server API, validated.</summary>
public sealed record RunRequest
{
    public required string AssistantId { get; init; }

    public JsonElement? Input { get; init; }

    public Command? Command { get; init; }

    public string? CheckpointId { get; init; }

    public StreamMode StreamMode { get; init; } = StreamMode.Values;

    /// <summary>The stream modes as requested (names), to name the SSE events.</summary>
    public IReadOnlyList<string> StreamModeNames { get; init; } = ["values"];

    public bool StreamSubgraphs { get; init; }

    public IReadOnlyList<string>? InterruptBefore { get; init; }

    public IReadOnlyList<string>? InterruptAfter { get; init; }

    public string MultitaskStrategy { get; init; } = "reject";

    public string OnDisconnect { get; init; } = "cancel";

    public string IfNotExists { get; init; } = "reject";

    public JsonElement Metadata { get; init; } = JsonBuilder.EmptyObject;

    public Durability Durability { get; init; } = Durability.Sync;

    /// <summary>The original JSON, stored with the run so any replica can execute or resume it.</summary>
    public required JsonElement Raw { get; init; }

    /// <summary>Parses and validates a request body; <paramref name="error"/> says what is wrong (a 422).</summary>
    public static RunRequest? TryParse(JsonElement body, out string error)
    {
        error = "";
        if (body.ValueKind != JsonValueKind.Object)
        {
            error = "The run request must be a JSON object.";
            return null;
        }

        if (!body.TryGetProperty("assistant_id", out var assistant) || assistant.ValueKind != JsonValueKind.String || assistant.GetString() is not { Length: > 0 } assistantId)
        {
            error = "assistant_id is required (the assistant id or graph id).";
            return null;
        }

        JsonElement? input = body.TryGetProperty("input", out var i) && i.ValueKind != JsonValueKind.Null ? i : null;
        if (input is { ValueKind: not JsonValueKind.Object })
        {
            error = "input must be a JSON object of state keys.";
            return null;
        }

        Command? command = null;
        if (body.TryGetProperty("command", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            command = ParseCommand(c, out error);
            if (command is null)
            {
                return null;
            }
        }

        if (input is not null && command is not null)
        {
            error = "Send either input or command, not both.";
            return null;
        }

        var modes = ParseStrings(body, "stream_mode") ?? ["values"];
        var streamMode = StreamMode.None;
        foreach (var mode in modes)
        {
            var flag = mode switch
            {
                "values" => StreamMode.Values,
                "updates" => StreamMode.Updates,
                "messages" or "messages-tuple" => StreamMode.Messages,
                "custom" => StreamMode.Custom,
                "debug" => StreamMode.Debug,
                "events" => StreamMode.Debug,
                _ => (StreamMode?)null,
            };
            if (flag is null)
            {
                error = $"stream_mode '{mode}' is not supported (values, updates, messages, messages-tuple, custom, debug, events).";
                return null;
            }

            streamMode |= flag.Value;
        }

        var strategy = OptionalString(body, "multitask_strategy") ?? "reject";
        if (strategy is not ("reject" or "interrupt" or "rollback" or "enqueue"))
        {
            error = $"multitask_strategy '{strategy}' is not one of reject, interrupt, rollback, enqueue.";
            return null;
        }

        var durability = OptionalString(body, "durability") switch
        {
            null or "sync" => Durability.Sync,
            "async" => Durability.Async,
            "exit" => Durability.Exit,
            var other => (Durability?)null,
        };
        if (durability is null)
        {
            error = "durability must be sync, async or exit.";
            return null;
        }

        var checkpointId = OptionalString(body, "checkpoint_id");
        if (checkpointId is null && body.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("configurable", out var configurable) && configurable.ValueKind == JsonValueKind.Object)
        {
            checkpointId = OptionalString(configurable, "checkpoint_id");
        }

        if (checkpointId is null && body.TryGetProperty("checkpoint", out var checkpoint) && checkpoint.ValueKind == JsonValueKind.Object)
        {
            checkpointId = OptionalString(checkpoint, "checkpoint_id");
        }

        return new RunRequest
        {
            AssistantId = assistantId,
            Input = input,
            Command = command,
            CheckpointId = checkpointId,
            StreamMode = streamMode,
            StreamModeNames = modes,
            StreamSubgraphs = body.TryGetProperty("stream_subgraphs", out var sub) && sub.ValueKind == JsonValueKind.True,
            InterruptBefore = ParseStrings(body, "interrupt_before"),
            InterruptAfter = ParseStrings(body, "interrupt_after"),
            MultitaskStrategy = strategy,
            OnDisconnect = OptionalString(body, "on_disconnect") ?? "cancel",
            IfNotExists = OptionalString(body, "if_not_exists") ?? "reject",
            Metadata = body.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object ? metadata : JsonBuilder.EmptyObject,
            Durability = durability.Value,
            Raw = body,
        };
    }

    private static Command? ParseCommand(JsonElement command, out string error)
    {
        error = "";
        if (command.ValueKind != JsonValueKind.Object)
        {
            error = "command must be a JSON object with resume, update and/or goto.";
            return null;
        }

        JsonElement? resume = command.TryGetProperty("resume", out var r) ? r : null;
        JsonElement? update = command.TryGetProperty("update", out var u) && u.ValueKind != JsonValueKind.Null ? u : null;
        if (update is { ValueKind: not JsonValueKind.Object })
        {
            error = "command.update must be a JSON object of state keys.";
            return null;
        }

        List<string>? gotos = null;
        if (command.TryGetProperty("goto", out var g) && g.ValueKind != JsonValueKind.Null)
        {
            gotos = g.ValueKind switch
            {
                JsonValueKind.String => [g.GetString()!],
                JsonValueKind.Array when g.EnumerateArray().All(x => x.ValueKind == JsonValueKind.String) => [.. g.EnumerateArray().Select(x => x.GetString()!)],
                _ => null,
            };
            if (gotos is null)
            {
                error = "command.goto must be a node name or a list of node names.";
                return null;
            }
        }

        if (resume is null && update is null && gotos is null)
        {
            error = "command must contain resume, update or goto.";
            return null;
        }

        if (resume is not null && (update is not null || gotos is not null))
        {
            error = "command.resume cannot be combined with update or goto in one command.";
            return null;
        }

        // A resume map keyed by interrupt ids resumes several interrupts; anything else is one resume value.
        IReadOnlyDictionary<string, JsonElement>? byId = null;
        if (resume is { ValueKind: JsonValueKind.Object } map && map.EnumerateObject().Any() && map.EnumerateObject().All(p => Guid.TryParse(p.Name, out _)))
        {
            byId = map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        }

        return new Command
        {
            Resume = byId is null ? resume : null,
            ResumeById = byId,
            Update = update,
            Goto = gotos,
        };
    }

    private static string? OptionalString(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string>? ParseStrings(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()!],
            JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)],
            _ => null,
        };
    }
}
