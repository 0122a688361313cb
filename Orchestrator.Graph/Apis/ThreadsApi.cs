using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.Graph.Runs;

namespace Orchestrator.Graph.Apis;

/// <summary>Threads, their state and history (LangGraph Server API).</summary>
public static class ThreadsApi
{
    public static IEndpointRouteBuilder MapThreadsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/threads").WithTags("Threads");
        group.MapPost("/", CreateAsync).WithName("CreateThread").WithSummary("Creates a thread.");
        group.MapPost("/search", SearchAsync).WithName("SearchThreads").WithSummary("Lists threads by metadata and status.");
        group.MapGet("/{threadId}", GetAsync).WithName("GetThread").WithSummary("A thread with its current values.");
        group.MapDelete("/{threadId}", DeleteAsync).WithName("DeleteThread").WithSummary("Deletes a thread, its runs and checkpoints.");
        group.MapGet("/{threadId}/state", GetStateAsync).WithName("GetThreadState").WithSummary("The latest state.");
        group.MapPost("/{threadId}/state", UpdateStateAsync).WithName("UpdateThreadState").WithSummary("Writes values as a node would, forking a new checkpoint.");
        group.MapGet("/{threadId}/state/{checkpointId}", GetStateAtAsync).WithName("GetThreadStateAt").WithSummary("The state at one checkpoint.");
        group.MapPost("/{threadId}/state/checkpoint", GetStateAtCheckpointAsync).WithName("GetThreadStateAtCheckpoint").WithSummary("The state at the checkpoint in the body.");
        group.MapGet("/{threadId}/history", GetHistoryAsync).WithName("GetThreadHistory").WithSummary("Past states, newest first.");
        group.MapPost("/{threadId}/history", PostHistoryAsync).WithName("SearchThreadHistory").WithSummary("Past states, newest first, filtered.");
        return app;
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> CreateAsync(HttpRequest request, RunStore store)
    {
        var body = await ApiSupport.ReadBodyAsync(request);
        var threadId = ApiSupport.String(body, "thread_id");
        var ifExists = ApiSupport.String(body, "if_exists") ?? "raise";
        var metadata = body.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : JsonBuilder.EmptyObject;
        var thread = await store.CreateThreadAsync(threadId, metadata, ifExists == "do_nothing", request.HttpContext.RequestAborted);
        return thread is null
            ? ApiSupport.Conflict($"Thread '{threadId}' already exists (if_exists=raise).")
            : TypedResults.Ok(ApiJson.Thread(thread, JsonBuilder.EmptyObject, []));
    }

    private static async Task<Ok<JsonElement>> SearchAsync(HttpRequest request, RunStore store)
    {
        var body = await ApiSupport.ReadBodyAsync(request);
        JsonElement? metadata = body.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : null;
        var threads = await store.SearchThreadsAsync(metadata, ApiSupport.String(body, "status"), ApiSupport.Int(body, "limit", 10), ApiSupport.Int(body, "offset", 0), request.HttpContext.RequestAborted);
        return TypedResults.Ok(ApiJson.Threads(threads));
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetAsync(string threadId, RunStore store, GraphRegistry registry, CancellationToken cancellationToken)
    {
        if (await store.GetThreadAsync(threadId, cancellationToken) is not { } thread)
        {
            return ApiSupport.NotFound($"Thread '{threadId}' does not exist.");
        }

        var state = GraphOf(thread, registry) is { } graph ? await graph.Graph.GetStateAsync(new CheckpointConfig(threadId), cancellationToken) : null;
        return TypedResults.Ok(ApiJson.Thread(thread, state?.Values ?? JsonBuilder.EmptyObject, state?.Interrupts ?? []));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string threadId, RunStore store, CancellationToken cancellationToken) =>
        await store.DeleteThreadAsync(threadId, cancellationToken) ? TypedResults.NoContent() : ApiSupport.NotFound($"Thread '{threadId}' does not exist.");

    private static Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetStateAsync(string threadId, RunStore store, GraphRegistry registry, CancellationToken cancellationToken) =>
        StateAtAsync(threadId, null, store, registry, cancellationToken);

    private static Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetStateAtAsync(string threadId, string checkpointId, RunStore store, GraphRegistry registry, CancellationToken cancellationToken) =>
        StateAtAsync(threadId, checkpointId, store, registry, cancellationToken);

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetStateAtCheckpointAsync(string threadId, HttpRequest request, RunStore store, GraphRegistry registry)
    {
        var body = await ApiSupport.ReadBodyAsync(request);
        var checkpointId = body.TryGetProperty("checkpoint", out var checkpoint) && checkpoint.ValueKind == JsonValueKind.Object ? ApiSupport.String(checkpoint, "checkpoint_id") : null;
        return await StateAtAsync(threadId, checkpointId, store, registry, request.HttpContext.RequestAborted);
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> StateAtAsync(string threadId, string? checkpointId, RunStore store, GraphRegistry registry, CancellationToken cancellationToken)
    {
        if (await store.GetThreadAsync(threadId, cancellationToken) is not { } thread)
        {
            return ApiSupport.NotFound($"Thread '{threadId}' does not exist.");
        }

        if (GraphOf(thread, registry) is not { } graph)
        {
            return checkpointId is null ? TypedResults.Ok(ApiJson.State(null, threadId)) : ApiSupport.NotFound($"Checkpoint '{checkpointId}' of thread '{threadId}' does not exist.");
        }

        var state = await graph.Graph.GetStateAsync(new CheckpointConfig(threadId, "", checkpointId), cancellationToken);
        return state is null && checkpointId is not null
            ? ApiSupport.NotFound($"Checkpoint '{checkpointId}' of thread '{threadId}' does not exist.")
            : TypedResults.Ok(ApiJson.State(state, threadId));
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> UpdateStateAsync(string threadId, HttpRequest request, RunStore store, GraphRegistry registry)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var body = await ApiSupport.ReadBodyAsync(request);
        if (await store.GetThreadAsync(threadId, cancellationToken) is not { } thread)
        {
            return ApiSupport.NotFound($"Thread '{threadId}' does not exist.");
        }

        if (GraphOf(thread, registry) is not { } graph)
        {
            return ApiSupport.Invalid($"Thread '{threadId}' has not run any assistant yet, so its state has no schema to update.");
        }

        var values = body.TryGetProperty("values", out var v) ? v : JsonBuilder.Null;
        if (values.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return ApiSupport.Invalid("values must be a JSON object of state keys.");
        }

        var checkpointId = ApiSupport.String(body, "checkpoint_id")
            ?? (body.TryGetProperty("checkpoint", out var c) && c.ValueKind == JsonValueKind.Object ? ApiSupport.String(c, "checkpoint_id") : null);
        try
        {
            var config = await graph.Graph.UpdateStateAsync(new CheckpointConfig(threadId, "", checkpointId), values, ApiSupport.String(body, "as_node"), cancellationToken);
            return TypedResults.Ok(ApiJson.CheckpointRef(config));
        }
        catch (Exception exception) when (exception is InvalidCommandException or InvalidUpdateException)
        {
            return ApiSupport.Invalid(exception.Message);
        }
        catch (CheckpointNotFoundException exception)
        {
            return ApiSupport.NotFound(exception.Message);
        }
    }

    private static Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetHistoryAsync(string threadId, int? limit, string? before, RunStore store, GraphRegistry registry, CancellationToken cancellationToken) =>
        HistoryAsync(threadId, limit ?? 10, before, null, store, registry, cancellationToken);

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> PostHistoryAsync(string threadId, HttpRequest request, RunStore store, GraphRegistry registry)
    {
        var body = await ApiSupport.ReadBodyAsync(request);
        var before = body.TryGetProperty("before", out var b) && b.ValueKind == JsonValueKind.Object ? ApiSupport.String(b, "checkpoint_id") : ApiSupport.String(body, "before");
        var filter = body.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object
            ? m.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
            : null;
        return await HistoryAsync(threadId, ApiSupport.Int(body, "limit", 10), before, filter, store, registry, request.HttpContext.RequestAborted);
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> HistoryAsync(string threadId, int limit, string? before, IReadOnlyDictionary<string, JsonElement>? filter, RunStore store, GraphRegistry registry, CancellationToken cancellationToken)
    {
        if (await store.GetThreadAsync(threadId, cancellationToken) is not { } thread)
        {
            return ApiSupport.NotFound($"Thread '{threadId}' does not exist.");
        }

        if (GraphOf(thread, registry) is not { } graph)
        {
            return TypedResults.Ok(JsonBuilder.EmptyArray);
        }

        List<StateSnapshot> states = [];
        await foreach (var state in graph.Graph.GetStateHistoryAsync(new CheckpointConfig(threadId), limit, before, filter, cancellationToken))
        {
            states.Add(state);
        }

        return TypedResults.Ok(ApiJson.States(states, threadId));
    }

    internal static RegisteredGraph? GraphOf(ThreadRecord thread, GraphRegistry registry) =>
        thread.Metadata.TryGetProperty("graph_id", out var graphId) && graphId.ValueKind == JsonValueKind.String ? registry.Find(graphId.GetString()) : null;
}
