using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Runs;

/// <summary>
/// Executes claimed runs: drives the engine, records the events for streaming, keeps the run's heartbeat, honours
/// cancellation (from this replica or another through the database), and resumes a run whose process died from the
/// thread's last checkpoint instead of starting it over.
/// </summary>
public sealed partial class RunExecutor(GraphRegistry registry, RunStore store, RunEventLogs logs, ICheckpointSaver checkpointer, IOptions<GraphServiceOptions> options, ILogger<RunExecutor> logger)
{
    private readonly ConcurrentDictionary<string, (CancellationTokenSource Source, string[] Reason)> _active = new(StringComparer.Ordinal);

    /// <summary>This replica's id in the run queue.</summary>
    public string WorkerId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>Asks a run executing in this process to stop now.</summary>
    public bool TryCancelLocal(string runId, string action)
    {
        if (!_active.TryGetValue(runId, out var active))
        {
            return false;
        }

        active.Reason[0] = action;
        active.Source.Cancel();
        return true;
    }

    /// <summary>Executes a run claimed by this worker to its end; never throws for run failures (they are recorded).</summary>
    /// <param name="run">The run.</param>
    /// <param name="stopping">Fires when this process stops.</param>
    /// <param name="latest">The thread's latest checkpoint, when it was read in the transaction that claimed the run.</param>
    public async Task ExecuteAsync(RunRecord run, CancellationToken stopping, LatestCheckpoint? latest = null)
    {
        var log = logs.GetOrCreate(run.RunId);
        log.ExecutedHere = true;
        using var source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var reason = new[] { "interrupt" };
        _active[run.RunId] = (source, reason);
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(run, source, reason, heartbeatStop.Token);
        try
        {
            log.Add("metadata", JsonBuilder.Build(run, static (w, r) =>
            {
                w.WriteStartObject();
                w.WriteString("run_id", r.RunId);
                w.WriteNumber("attempt", Math.Max(1, r.Attempt));
                w.WriteEndObject();
            }));
            var request = RunRequest.TryParse(run.Payload, out var invalid) ?? throw new InvalidCommandException(invalid);
            var entry = registry.Find(run.AssistantId) ?? throw new InvalidCommandException($"Assistant '{run.AssistantId}' is no longer registered.");
            var (input, command, checkpointId) = (request.Input, request.Command, request.CheckpointId);
            if (run.Attempt > 1)
            {
                // A retry after the first worker died: continue from the run's own last checkpoint.
                var last = await checkpointer.GetTupleAsync(new CheckpointConfig(run.ThreadId), source.Token);
                if (last is not null && last.Metadata.Extra.TryGetValue("run_id", out var owner) && owner.ValueEquals(run.RunId))
                {
                    LogResuming(logger, run.RunId, last.Checkpoint.Id);
                    (input, command, checkpointId) = (null, null, null);
                }
            }

            var config = new RunConfig
            {
                ThreadId = run.ThreadId,
                CheckpointId = checkpointId,
                RecursionLimit = RecursionLimit(run.Payload) ?? options.Value.DefaultRecursionLimit,
                Durability = request.Durability,
                StreamMode = request.StreamMode,
                Subgraphs = request.StreamSubgraphs,
                InterruptBefore = ExpandNodes(request.InterruptBefore, entry.Graph),
                InterruptAfter = ExpandNodes(request.InterruptAfter, entry.Graph),
                Configurable = request.Configurable,
                // A retry resumes from its own last checkpoint, which it reads above; the first attempt starts from what its creation read.
                Latest = run.Attempt > 1 ? null : latest,
                // With exit durability the final checkpoint is saved in the batch that records the run's end, when the store can.
                HandOverExitCheckpoint = store.SavesExitCheckpoints,
                Metadata = new Dictionary<string, JsonElement>
                {
                    ["run_id"] = JsonBuilder.FromString(run.RunId),
                    ["thread_id"] = JsonBuilder.FromString(run.ThreadId),
                    ["assistant_id"] = JsonBuilder.FromString(entry.AssistantId),
                    ["graph_id"] = JsonBuilder.FromString(entry.GraphId),
                },
            };
            var partials = request.StreamModeNames.Contains("messages") ? new MessagePartials() : null;
            var result = await entry.Graph.RunAsync(input, command, config, e =>
            {
                if (partials is not null && e.Mode == StreamMode.Messages)
                {
                    partials.Add(log, e);
                }
                else
                {
                    log.Add(EventName(e), e.Data);
                }
            }, source.Token);
            var output = Output(result);
            if (result.Status == GraphRunStatus.Interrupted && (request.StreamMode & StreamMode.Values) != 0 && (request.StreamMode & StreamMode.Updates) == 0)
            {
                log.Add("values", output);
            }

            var interrupted = result.Status == GraphRunStatus.Interrupted;
            await store.CompleteRunAsync(
                run, interrupted ? RunStatus.Interrupted : RunStatus.Success, output, null, interrupted ? "interrupted" : "idle", result.UnsavedCheckpoint, CancellationToken.None);
            if (options.Value.KeepCheckpointsPerThread > 0)
            {
                // After the run's end is recorded, which may be what saves its final checkpoint.
                await checkpointer.PruneAsync(run.ThreadId, options.Value.KeepCheckpointsPerThread, CancellationToken.None);
            }
        }
        catch (OperationCanceledException) when (source.IsCancellationRequested && !stopping.IsCancellationRequested && reason[0] == "lost")
        {
            // Another replica owns the run now and finishes it from the last checkpoint; this one just stops.
            LogLost(logger, run.RunId);
        }
        catch (OperationCanceledException) when (source.IsCancellationRequested && !stopping.IsCancellationRequested)
        {
            if (reason[0] == "rollback")
            {
                await store.RollbackRunAsync(run, CancellationToken.None);
            }
            else
            {
                await store.CompleteRunAsync(run, RunStatus.Interrupted, null, null, "idle", null, CancellationToken.None);
            }

            log.Add("error", ErrorJson("UserInterrupt", $"Run {run.RunId} was cancelled ({reason[0]})."));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // This process is stopping: the run goes back to the queue and another replica resumes it from its last
            // checkpoint. (A process that dies without this leaves it "running"; it is reclaimed once its heartbeat is stale.)
            await store.ReleaseRunAsync(run.RunId, WorkerId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogFailed(logger, run.RunId, exception);
            var error = ErrorJson(exception is GraphNodeException node ? node.InnerException?.GetType().Name ?? nameof(GraphNodeException) : exception.GetType().Name, exception.Message);
            log.Add("error", error);
            await store.CompleteRunAsync(run, RunStatus.Error, null, error, "error", null, CancellationToken.None);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            _active.TryRemove(run.RunId, out _);
            log.Complete();
        }
    }

    /// <summary>The output of a run in LangGraph's shape: the state values, plus <c>__interrupt__</c> when it paused.</summary>
    public static JsonElement Output(GraphRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Status != GraphRunStatus.Interrupted)
        {
            return result.Values;
        }

        return JsonBuilder.Build(result, static (w, r) =>
        {
            w.WriteStartObject();
            foreach (var property in r.Values.EnumerateObject())
            {
                property.WriteTo(w);
            }

            w.WriteStartArray(GraphConstants.InterruptWrite);
            foreach (var interrupt in r.Interrupts)
            {
                ApiInterrupt(w, interrupt);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>An interrupt as the LangGraph API shows it.</summary>
    public static void ApiInterrupt(Utf8JsonWriter writer, Interrupt interrupt)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(interrupt);
        writer.WriteStartObject();
        writer.WritePropertyName("value");
        (interrupt.Value.ValueKind == JsonValueKind.Undefined ? JsonBuilder.Null : interrupt.Value).WriteTo(writer);
        writer.WriteString("id", interrupt.Id);
        writer.WriteString("when", interrupt.When);
        writer.WriteEndObject();
    }

    private static string EventName(GraphEvent e) => e.Namespace.Count == 0 ? e.ModeName : e.ModeName + "|" + string.Join('|', e.Namespace);

    private static JsonElement ErrorJson(string type, string message) => JsonBuilder.Build((type, message), static (w, s) =>
    {
        w.WriteStartObject();
        w.WriteString("error", s.type);
        w.WriteString("message", s.message);
        w.WriteEndObject();
    });

    private static int? RecursionLimit(JsonElement payload) =>
        payload.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
        && config.TryGetProperty("recursion_limit", out var limit) && limit.TryGetInt32(out var value) ? value : null;

    private static IReadOnlyList<string>? ExpandNodes(IReadOnlyList<string>? nodes, CompiledGraph graph) =>
        nodes is ["*"] ? graph.NodeNames : nodes?.Where(n => graph.NodeNames.Contains(n)).ToList();

    private async Task HeartbeatAsync(RunRecord run, CancellationTokenSource source, string[] reason, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                // Woken by the run's end without an exception: throwing and catching one per run cost tens of microseconds
                // of CPU between the run's last write and the end of its stream.
                await Task.Delay(options.Value.HeartbeatInterval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stop.IsCancellationRequested)
                {
                    return;
                }

                if (await store.HeartbeatAsync(run.RunId, WorkerId, stop) is { } cancel)
                {
                    reason[0] = cancel;
                    await source.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Npgsql.NpgsqlException exception)
        {
            LogHeartbeatFailed(logger, run.RunId, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} resumes from its checkpoint {CheckpointId} after its previous worker stopped.")]
    private static partial void LogResuming(ILogger logger, string runId, string checkpointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was claimed by another replica after missed heartbeats; stopping here.")]
    private static partial void LogLost(ILogger logger, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} failed.")]
    private static partial void LogFailed(ILogger logger, string runId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Heartbeat of run {RunId} failed; another replica may resume it.")]
    private static partial void LogHeartbeatFailed(ILogger logger, string runId, Exception exception);
}
