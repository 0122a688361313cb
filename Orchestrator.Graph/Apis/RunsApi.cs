using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.Graph.Runs;

namespace Orchestrator.Graph.Apis;

/// <summary>Runs of the LangGraph Server API: background, wait, stream (SSE, resumable), join, cancel, and stateless runs.</summary>
public static class RunsApi
{
    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder app)
    {
        var threads = app.MapGroup("/threads/{threadId}/runs").WithTags("Runs");
        threads.MapPost("/", CreateAsync).WithName("CreateRun").WithSummary("Queues a background run.");
        threads.MapPost("/wait", WaitAsync).WithName("WaitRun").WithSummary("Runs and returns the final state.");
        threads.MapPost("/stream", StreamAsync).WithName("StreamRun").WithSummary("Runs and streams events (SSE).");
        threads.MapGet("/", ListAsync).WithName("ListRuns").WithSummary("The thread's runs, newest first.");
        threads.MapGet("/{runId}", GetAsync).WithName("GetRun").WithSummary("One run.");
        threads.MapGet("/{runId}/join", JoinAsync).WithName("JoinRun").WithSummary("Waits for a run and returns the final state.");
        threads.MapGet("/{runId}/stream", JoinStreamAsync).WithName("JoinRunStream").WithSummary("Streams a run's events, resuming after Last-Event-ID.");
        threads.MapPost("/{runId}/cancel", CancelAsync).WithName("CancelRun").WithSummary("Stops a run (interrupt keeps its checkpoints, rollback deletes them).");
        var stateless = app.MapGroup("/runs").WithTags("Runs");
        stateless.MapPost("/wait", StatelessWaitAsync).WithName("StatelessWaitRun").WithSummary("Runs on a temporary thread and returns the final state.");
        stateless.MapPost("/stream", StatelessStreamAsync).WithName("StatelessStreamRun").WithSummary("Runs on a temporary thread and streams events.");
        return app;
    }

    private sealed record Prepared(RunRequest Request, RegisteredGraph Graph, RunRecord Run, RunCreation Outcome, IReadOnlyList<string> Blocking, LatestCheckpoint? Latest);

    private static async Task<(Prepared? Prepared, ProblemHttpResult? Problem)> PrepareAsync(HttpRequest http, string threadId, bool background, Func<RunRequest, RunRequest>? adjust, IServiceProvider services)
    {
        var cancellationToken = http.HttpContext.RequestAborted;
        var store = services.GetRequiredService<RunStore>();
        var request = RunRequest.TryParse(await ApiSupport.ReadBodyAsync(http), out var error);
        if (request is null)
        {
            return (null, ApiSupport.Invalid(error));
        }

        request = adjust?.Invoke(request) ?? request;
        if (services.GetRequiredService<GraphRegistry>().Find(request.AssistantId) is not { } graph)
        {
            return (null, ApiSupport.NotFound($"Assistant '{request.AssistantId}' does not exist."));
        }

        if (request.IfNotExists != "create" && await store.GetThreadAsync(threadId, cancellationToken) is null)
        {
            return (null, ApiSupport.NotFound($"Thread '{threadId}' does not exist."));
        }

        if (await ApiSupport.ValidateCommandAsync(request, graph, threadId, cancellationToken) is { } invalid)
        {
            return (null, ApiSupport.Invalid(invalid));
        }

        var executor = services.GetRequiredService<RunExecutor>();
        var (outcome, run, blocking, latest) = await store.CreateRunAsync(threadId, request, graph, background ? null : executor.WorkerId, cancellationToken);
        return outcome switch
        {
            RunCreation.ThreadNotFound => (null, ApiSupport.NotFound($"Thread '{threadId}' does not exist.")),
            RunCreation.Busy => (null, ApiSupport.Conflict($"Thread '{threadId}' is busy with run {string.Join(", ", blocking)}; multitask_strategy 'reject' refuses a concurrent run (use interrupt, rollback or enqueue).")),
            _ => (new Prepared(request, graph, run!, outcome, blocking, latest), null),
        };
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> CreateAsync(string threadId, HttpRequest http, IServiceProvider services)
    {
        var (prepared, problem) = await PrepareAsync(http, threadId, background: true, null, services);
        if (prepared is null)
        {
            return problem!;
        }

        foreach (var runId in prepared.Blocking.Where(_ => prepared.Request.MultitaskStrategy is "interrupt" or "rollback"))
        {
            services.GetRequiredService<RunExecutor>().TryCancelLocal(runId, prepared.Request.MultitaskStrategy);
        }

        services.GetRequiredService<RunWorker>().Wake();
        SetLocation(http.HttpContext, prepared.Run);
        return TypedResults.Ok(ApiJson.Run(prepared.Run));
    }

    private static Task<Results<Ok<JsonElement>, ProblemHttpResult>> WaitAsync(string threadId, HttpRequest http, IServiceProvider services) =>
        WaitCoreAsync(threadId, http, services, null);

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> WaitCoreAsync(string threadId, HttpRequest http, IServiceProvider services, Func<RunRequest, RunRequest>? adjust)
    {
        var (prepared, problem) = await PrepareAsync(http, threadId, background: false, adjust, services);
        if (prepared is null)
        {
            return problem!;
        }

        SetLocation(http.HttpContext, prepared.Run);
        var execution = services.GetRequiredService<RunLauncher>().LaunchAsync(prepared.Run, prepared.Outcome, prepared.Blocking, prepared.Request.MultitaskStrategy, prepared.Latest);
        using (CancelOnDisconnect(http.HttpContext, prepared, services))
        {
            await execution;
        }

        return await FinalResultAsync(prepared.Run.ThreadId, prepared.Run.RunId, services, CancellationToken.None);
    }

    private static Task StreamAsync(string threadId, HttpContext http, IServiceProvider services) => StreamCoreAsync(threadId, http, services, null);

    private static async Task StreamCoreAsync(string threadId, HttpContext http, IServiceProvider services, Func<RunRequest, RunRequest>? adjust)
    {
        var (prepared, problem) = await PrepareAsync(http.Request, threadId, background: false, adjust, services);
        if (prepared is null)
        {
            await problem!.ExecuteAsync(http);
            return;
        }

        SetLocation(http, prepared.Run);
        var log = services.GetRequiredService<RunEventLogs>().GetOrCreate(prepared.Run.RunId);
        var execution = services.GetRequiredService<RunLauncher>().LaunchAsync(prepared.Run, prepared.Outcome, prepared.Blocking, prepared.Request.MultitaskStrategy, prepared.Latest);
        using (CancelOnDisconnect(http, prepared, services))
        {
            try
            {
                await ApiSupport.WriteEventsAsync(http, log, 0, http.RequestAborted);
            }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
            {
                // The client left; on_disconnect decides whether the run goes on (see CancelOnDisconnect).
            }
        }

        if (adjust is not null)
        {
            await execution;
        }
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> StatelessWaitAsync(HttpRequest http, IServiceProvider services)
    {
        var threadId = Guid.NewGuid().ToString();
        try
        {
            return await WaitCoreAsync(threadId, http, services, r => r with { IfNotExists = "create", MultitaskStrategy = "reject" });
        }
        finally
        {
            await services.GetRequiredService<RunStore>().DeleteThreadAsync(threadId, CancellationToken.None);
        }
    }

    private static async Task StatelessStreamAsync(HttpContext http, IServiceProvider services)
    {
        var threadId = Guid.NewGuid().ToString();
        try
        {
            await StreamCoreAsync(threadId, http, services, r => r with { IfNotExists = "create", MultitaskStrategy = "reject" });
        }
        finally
        {
            await services.GetRequiredService<RunStore>().DeleteThreadAsync(threadId, CancellationToken.None);
        }
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> ListAsync(string threadId, int? limit, RunStore store, CancellationToken cancellationToken) =>
        await store.GetThreadAsync(threadId, cancellationToken) is null
            ? ApiSupport.NotFound($"Thread '{threadId}' does not exist.")
            : TypedResults.Ok(ApiJson.Runs(await store.ListRunsAsync(threadId, limit ?? 10, cancellationToken)));

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> GetAsync(string threadId, string runId, RunStore store, CancellationToken cancellationToken) =>
        await store.GetRunAsync(threadId, runId, cancellationToken) is { } run
            ? TypedResults.Ok(ApiJson.Run(run))
            : ApiSupport.NotFound($"Run '{runId}' of thread '{threadId}' does not exist.");

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> JoinAsync(string threadId, string runId, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<RunStore>().GetRunAsync(threadId, runId, cancellationToken) is null)
        {
            return ApiSupport.NotFound($"Run '{runId}' of thread '{threadId}' does not exist.");
        }

        await services.GetRequiredService<RunLauncher>().WaitFinalAsync(threadId, runId, cancellationToken);
        return await FinalResultAsync(threadId, runId, services, cancellationToken);
    }

    private static async Task JoinStreamAsync(string threadId, string runId, HttpContext http, IServiceProvider services)
    {
        var store = services.GetRequiredService<RunStore>();
        if (await store.GetRunAsync(threadId, runId, http.RequestAborted) is not { } run)
        {
            await ApiSupport.NotFound($"Run '{runId}' of thread '{threadId}' does not exist.").ExecuteAsync(http);
            return;
        }

        var lastEventId = long.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var id) ? id : 0;
        var log = services.GetRequiredService<RunEventLogs>().Find(runId);
        if (log is null)
        {
            // Executed by another replica (or before this process started): relay its outcome.
            log = services.GetRequiredService<RunEventLogs>().GetOrCreate(runId);
            if (!RunStatus.IsFinal(run.Status))
            {
                _ = services.GetRequiredService<RunLauncher>().LaunchAsync(run, RunCreation.Queued, [], run.MultitaskStrategy);
            }
            else
            {
                if (run.Result is { } result)
                {
                    log.Add("values", result);
                }

                log.Complete();
            }
        }

        try
        {
            await ApiSupport.WriteEventsAsync(http, log, lastEventId, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private static async Task<Results<Accepted, NoContent, ProblemHttpResult>> CancelAsync(string threadId, string runId, bool? wait, string? action, IServiceProvider services, CancellationToken cancellationToken)
    {
        action ??= "interrupt";
        if (action is not ("interrupt" or "rollback"))
        {
            return ApiSupport.Invalid($"action '{action}' is not interrupt or rollback.");
        }

        var store = services.GetRequiredService<RunStore>();
        if (await store.GetRunAsync(threadId, runId, cancellationToken) is not { } run)
        {
            return ApiSupport.NotFound($"Run '{runId}' of thread '{threadId}' does not exist.");
        }

        if (!await store.RequestCancelAsync(threadId, runId, action, cancellationToken))
        {
            return ApiSupport.Conflict($"Run '{runId}' already finished with status '{run.Status}'.");
        }

        if (!services.GetRequiredService<RunExecutor>().TryCancelLocal(runId, action) && run.Status == RunStatus.Pending && action == "rollback")
        {
            await store.RollbackRunAsync(run, cancellationToken);
        }

        if (wait != true)
        {
            return TypedResults.Accepted((string?)null);
        }

        await services.GetRequiredService<RunLauncher>().WaitFinalAsync(threadId, runId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<JsonElement>, ProblemHttpResult>> FinalResultAsync(string threadId, string runId, IServiceProvider services, CancellationToken cancellationToken)
    {
        var final = await services.GetRequiredService<RunStore>().GetRunAsync(threadId, runId, cancellationToken);
        if (final?.Status == RunStatus.Error)
        {
            var message = final.Error is { } e && e.TryGetProperty("message", out var m) ? m.GetString() : "The run failed.";
            return final.Error is { } err && err.TryGetProperty("error", out var type) && type.ValueEquals(nameof(InvalidCommandException))
                ? ApiSupport.Invalid(message ?? "")
                : ApiSupport.Failed(message ?? "The run failed.");
        }

        return TypedResults.Ok(final?.Result ?? JsonBuilder.EmptyObject);
    }

    private static CancellationTokenRegistration CancelOnDisconnect(HttpContext http, Prepared prepared, IServiceProvider services)
    {
        if (prepared.Request.OnDisconnect != "cancel")
        {
            return default;
        }

        var executor = services.GetRequiredService<RunExecutor>();
        var runId = prepared.Run.RunId;
        return http.RequestAborted.Register(() => executor.TryCancelLocal(runId, "interrupt"));
    }

    private static void SetLocation(HttpContext http, RunRecord run)
    {
        http.Response.Headers.ContentLocation = $"/threads/{run.ThreadId}/runs/{run.RunId}";
        http.Response.Headers.Location = $"/threads/{run.ThreadId}/runs/{run.RunId}/stream";
    }
}
