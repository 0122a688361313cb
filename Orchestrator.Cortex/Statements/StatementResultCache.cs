using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Local;

namespace Orchestrator.Cortex.Statements;

/// <summary>
/// The local backend's counterpart of Snowflake's result cache: a statement identical to one that
/// succeeded less than <see cref="LocalWarehouseOptions.ResultCacheSeconds"/> ago (same text, same
/// bindings) gets that result instead of running again, and identical statements submitted while
/// one runs wait for it rather than run in parallel.
/// </summary>
/// <remarks>
/// Snowflake reuses a result until the data under it changes. PostgreSQL cannot tell that cheaply, so
/// here a result is reused for a fixed time: answers can be that much older than the warehouse
/// (0 turns the cache off). Failures are never reused, nor results of more than one partition.
/// Every result run through the cache belongs to it: it is deleted once no statement that returned
/// it can still be fetched (the retention period after it stopped being served).
/// </remarks>
public sealed class StatementResultCache(IOptions<LocalWarehouseOptions> options, TimeProvider time) : IDisposable
{
    private const int MaxEntries = 256;
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedRun>>> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(StatementResult Result, DateTimeOffset DeleteAfter)> _retired = new();

    /// <summary>Whether results are reused at all.</summary>
    public bool Enabled => options.Value.ResultCacheSeconds > 0;

    /// <summary>
    /// The outcome of <paramref name="statement"/> with <paramref name="bindings"/>: a fresh cached result,
    /// the one an identical statement is producing, or a new run of <paramref name="run"/>.
    /// </summary>
    /// <returns>The outcome, and whether it was reused (cached, or a run shared with another request).</returns>
    public async Task<(StatementResult? Result, StatementError? Error, bool Reused)> GetOrRunAsync(
        string statement, JsonElement? bindings, Func<CancellationToken, Task<(StatementResult? Result, StatementError? Error)>> run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var key = Key(statement, bindings);
        var mine = new Lazy<Task<CachedRun>>(() => RunAsync(run));
        var current = _runs.GetOrAdd(key, mine);
        while (current != mine && current.Value.IsCompleted && !IsFresh(current))
        {
            // Stale or failed: the first caller to swap it out runs the statement again.
            if (_runs.TryUpdate(key, mine, current))
            {
                Retire(current);
                current = mine;
            }
            else
            {
                current = _runs.GetOrAdd(key, mine);
            }
        }

        var outcome = await current.Value.WaitAsync(cancellationToken);
        if (outcome.Result is { Partitions.Count: > 1 } && _runs.TryRemove(KeyValuePair.Create(key, current)))
        {
            // Too big to keep: served to whoever waited for it, then deleted after the retention period.
            Retire(current);
        }

        Trim();
        return (outcome.Result, outcome.Error, current != mine);
    }

    /// <summary>Retires results too old to serve, and deletes retired results past every statement's retention.</summary>
    public void Sweep()
    {
        foreach (var (key, run) in _runs)
        {
            if (run.IsValueCreated && run.Value.IsCompleted && !IsFresh(run) && _runs.TryRemove(KeyValuePair.Create(key, run)))
            {
                Retire(run);
            }
        }

        var now = time.GetUtcNow();
        while (_retired.TryPeek(out var retired) && retired.DeleteAfter < now && _retired.TryDequeue(out retired))
        {
            retired.Result.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var run in _runs.Values)
        {
            if (run.IsValueCreated && run.Value.IsCompletedSuccessfully)
            {
                run.Value.Result.Result?.Dispose();
            }
        }

        foreach (var (result, _) in _retired)
        {
            result.Dispose();
        }
    }

    private async Task<CachedRun> RunAsync(Func<CancellationToken, Task<(StatementResult? Result, StatementError? Error)>> run)
    {
        // Shared by every waiter, so no single caller's cancellation stops it; the statement timeout bounds it.
        var (result, error) = await run(CancellationToken.None);
        return new CachedRun(result, error, time.GetUtcNow());
    }

    private bool IsFresh(Lazy<Task<CachedRun>> run) =>
        run.IsValueCreated && run.Value.IsCompletedSuccessfully && run.Value.Result is { Result: not null } cached
        && time.GetUtcNow() - cached.At < TimeSpan.FromSeconds(options.Value.ResultCacheSeconds);

    private void Retire(Lazy<Task<CachedRun>> run)
    {
        if (run.IsValueCreated && run.Value.IsCompletedSuccessfully && run.Value.Result.Result is { } result)
        {
            // Statements that returned it stay fetchable for the retention period.
            _retired.Enqueue((result, time.GetUtcNow() + TimeSpan.FromMinutes(options.Value.ResultRetentionMinutes)));
        }
    }

    private void Trim()
    {
        while (_runs.Count > MaxEntries)
        {
            var oldest = _runs.Where(p => p.Value.IsValueCreated && p.Value.Value.IsCompleted)
                .MinBy(p => p.Value.Value.IsCompletedSuccessfully ? p.Value.Value.Result.At : DateTimeOffset.MinValue);
            if (oldest.Value is null || !_runs.TryRemove(oldest))
            {
                return;
            }

            Retire(oldest.Value);
        }
    }

    private static string Key(string statement, JsonElement? bindings) =>
        bindings is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } b ? statement + "\u0000" + b.GetRawText() : statement;

    private sealed record CachedRun(StatementResult? Result, StatementError? Error, DateTimeOffset At);
}
