using Microsoft.Extensions.Options;

namespace Orchestrator.Graph.Runs;

/// <summary>
/// Claims background runs from the PostgreSQL queue (and runs orphaned by a dead replica) and executes them, up to
/// <see cref="GraphServiceOptions.MaxConcurrentRuns"/> at once.
/// </summary>
public sealed partial class RunWorker(RunStore store, RunExecutor executor, IOptions<GraphServiceOptions> options, ILogger<RunWorker> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Wakes the worker now (a background run was just queued).</summary>
    public void Wake() => _wake.Release();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(options.Value.MaxConcurrentRuns);
        var inFlight = new System.Collections.Concurrent.ConcurrentDictionary<Task, byte>();
        try
        {
            await ClaimLoopAsync(slots, inFlight, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // A stopping replica hands its runs back to the queue (RunExecutor does it when the stop
            // token fires); waiting here keeps the host alive until every hand-back is written.
            await Task.WhenAll(inFlight.Keys);
        }
    }

    private async Task ClaimLoopAsync(SemaphoreSlim slots, System.Collections.Concurrent.ConcurrentDictionary<Task, byte> inFlight, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await slots.WaitAsync(stoppingToken);
            RunRecord? run = null;
            try
            {
                run = await store.ClaimNextAsync(executor.WorkerId, options.Value.StaleAfter, null, stoppingToken);
            }
            catch (Npgsql.NpgsqlException exception)
            {
                LogClaimFailed(logger, exception);
            }

            if (run is null)
            {
                slots.Release();
                await _wake.WaitAsync(options.Value.PollInterval, stoppingToken);
                continue;
            }

            var execution = Task.Run(async () =>
            {
                try
                {
                    // The request that created the run has long answered: its trace and caller come from the run's row.
                    using var trace = RunTraceContext.Restore(run);
                    await executor.ExecuteAsync(run, stoppingToken);
                }
                finally
                {
                    slots.Release();
                    _wake.Release();
                }
            }, CancellationToken.None);
            inFlight[execution] = 0;
            _ = execution.ContinueWith(done => inFlight.TryRemove(done, out _), TaskScheduler.Default);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming a run from the queue failed; retrying.")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);
}
