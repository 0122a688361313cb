using Microsoft.Extensions.Options;
using Orchestrator.Graph.Engine.Checkpoints;

namespace Orchestrator.Graph.Runs;

/// <summary>Starts the runs a client waits for or streams, and follows runs executed elsewhere to their end.</summary>
public sealed class RunLauncher(RunStore store, RunExecutor executor, RunEventLogs logs, IOptions<GraphServiceOptions> options, IHostApplicationLifetime lifetime)
{
    private static readonly TimeSpan PollDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Executes a run here: at once when it was created running, otherwise as soon as the runs ahead of it on the thread
    /// stop (asking them to stop first for the interrupt and rollback strategies). When another replica claims it first,
    /// its outcome is relayed into this process's event log.
    /// </summary>
    /// <param name="run">The run, as created.</param>
    /// <param name="outcome">Whether it was created running (executed here at once) or queued.</param>
    /// <param name="blocking">The runs in flight on the thread when it was created.</param>
    /// <param name="strategy">Its multitask strategy.</param>
    /// <param name="latest">The thread's latest checkpoint, read when the run was created running; the run starts from it.</param>
    public Task LaunchAsync(RunRecord run, RunCreation outcome, IReadOnlyList<string> blocking, string strategy, LatestCheckpoint? latest = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(blocking);
        var stopping = lifetime.ApplicationStopping;
        logs.GetOrCreate(run.RunId);
        if (outcome == RunCreation.Created)
        {
            // Started here rather than queued to another thread: it runs until its first database call and then
            // leaves this thread to the caller. A queued start waits for an idle worker to wake, a tenth of a
            // millisecond or more on a quiet machine, on every run.
            return executor.ExecuteAsync(run, stopping, latest);
        }

        if (strategy is "interrupt" or "rollback")
        {
            foreach (var runId in blocking)
            {
                executor.TryCancelLocal(runId, strategy);
            }
        }

        return Task.Run(async () =>
        {
            while (!stopping.IsCancellationRequested)
            {
                if (await store.ClaimNextAsync(executor.WorkerId, options.Value.StaleAfter, run.RunId, stopping) is { } claimed)
                {
                    await executor.ExecuteAsync(claimed, stopping);
                    return;
                }

                var current = await store.GetRunAsync(run.ThreadId, run.RunId, stopping);
                if (current is null || current.Status != RunStatus.Pending)
                {
                    await RelayAsync(run, stopping);
                    return;
                }

                await Task.Delay(PollDelay, stopping);
            }
        }, CancellationToken.None);
    }

    /// <summary>Waits until a run is final (or deleted by a rollback) and returns its last row.</summary>
    public async Task<RunRecord?> WaitFinalAsync(string threadId, string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            var run = await store.GetRunAsync(threadId, runId, cancellationToken);
            if (run is null || RunStatus.IsFinal(run.Status))
            {
                return run;
            }

            await Task.Delay(PollDelay, cancellationToken);
        }
    }

    private async Task RelayAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var final = await WaitFinalAsync(run.ThreadId, run.RunId, cancellationToken);
        var log = logs.GetOrCreate(run.RunId);
        if (log.ExecutedHere)
        {
            return;
        }

        if (final?.Result is { } result)
        {
            log.Add("values", result);
        }

        if (final?.Error is { } error)
        {
            log.Add("error", error);
        }

        log.Complete();
    }
}
