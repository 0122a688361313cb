using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Runs;

namespace Orchestrator.Graph.Apis;

/// <summary>Request reading, problems and SSE writing shared by the API groups.</summary>
internal static class ApiSupport
{
    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: ProblemTypes.NotFound);

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: ProblemTypes.Conflict);

    public static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: "Invalid request", type: ProblemTypes.ValidationFailed);

    public static ProblemHttpResult Failed(string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status500InternalServerError, title: "The run failed", type: ProblemTypes.Internal);

    /// <summary>The JSON body, or an empty object when there is none; malformed JSON is a 400.</summary>
    public static async Task<JsonElement> ReadBodyAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        if (buffer.Length == 0)
        {
            return JsonBuilder.EmptyObject;
        }

        try
        {
            return JsonBuilder.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        }
        catch (JsonException exception)
        {
            throw new BadHttpRequestException($"The body is not valid JSON: {exception.Message}", exception);
        }
    }

    public static int Int(JsonElement body, string name, int fallback) =>
        body.TryGetProperty(name, out var value) && value.TryGetInt32(out var result) ? result : fallback;

    public static string? String(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Writes a run's events as server-sent events (<c>event:</c>, <c>data:</c>, <c>id:</c>) until the run ends.</summary>
    public static async Task WriteEventsAsync(HttpContext http, RunEventLog log, long afterId, CancellationToken cancellationToken)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        await response.StartAsync(cancellationToken);
        var writer = response.BodyWriter;
        // One flush per batch: a step's events leave in one write rather than one each.
        await foreach (var batch in log.ReadBatchesAsync(afterId, cancellationToken))
        {
            foreach (var item in batch)
            {
                await writer.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"event: {item.Event}\ndata: "), cancellationToken);
                await writer.WriteAsync(JsonBuilder.ToUtf8(item.Data), cancellationToken);
                await writer.WriteAsync(System.Text.Encoding.UTF8.GetBytes($"\nid: {item.Id}\n\n"), cancellationToken);
            }

            await writer.FlushAsync(cancellationToken);
        }
    }

    /// <summary>Checks a command against the workflow and the thread before a run is created, so a bad command is a 422.</summary>
    public static async Task<string?> ValidateCommandAsync(RunRequest request, RegisteredGraph graph, string threadId, CancellationToken cancellationToken)
    {
        if (request.Command is not { } command)
        {
            return null;
        }

        foreach (var target in command.Goto ?? [])
        {
            if (target != GraphConstants.End && !graph.Graph.NodeNames.Contains(target))
            {
                return $"command.goto names '{target}', which is not a node of '{graph.GraphId}' ({string.Join(", ", graph.Graph.NodeNames)}).";
            }
        }

        if (command.Update is { } update)
        {
            foreach (var property in update.EnumerateObject())
            {
                if (!graph.Graph.ChannelNames.Contains(property.Name))
                {
                    return $"command.update writes '{property.Name}', which is not a state key of '{graph.GraphId}'.";
                }
            }
        }

        if (command.Resume is not null || command.ResumeById is not null)
        {
            var state = await graph.Graph.GetStateAsync(new Engine.Checkpoints.CheckpointConfig(threadId), cancellationToken);
            var pending = state?.Interrupts ?? [];
            if (pending.Count == 0)
            {
                return $"Thread '{threadId}' has no pending interrupt to resume.";
            }

            if (command.ResumeById is { } byId && byId.Keys.FirstOrDefault(id => !pending.Any(p => p.Id == id)) is { } unknown)
            {
                return $"No pending interrupt of thread '{threadId}' has id '{unknown}'.";
            }
        }

        return null;
    }
}
