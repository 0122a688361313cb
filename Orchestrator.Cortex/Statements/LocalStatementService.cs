using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Local;
using Orchestrator.Cortex.SqlApi;

namespace Orchestrator.Cortex.Statements;

/// <summary>
/// The SQL API's statement lifecycle on the local backend: submit (returning at once, or waiting
/// up to the synchronous limit), poll, fetch partitions, cancel. Results are kept on disk for the
/// retention period, then swept; identical statements reuse a recent result (<see cref="StatementResultCache"/>).
/// </summary>
public sealed class LocalStatementService(LocalStatementExecutor executor, StatementResultCache cache, IOptions<LocalWarehouseOptions> options, TimeProvider time) : IDisposable
{
    /// <summary>The Snowflake code of a statement cancelled by its client.</summary>
    public const string CancelledCode = "000604";

    private readonly ConcurrentDictionary<string, StatementEntry> _statements = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _byRequestId = new(StringComparer.Ordinal);

    // Finished statements in the order they finished: with one retention period for all, that is the order they
    // expire in, so a sweep looks only at what it removes (not at every statement of the last hour, on every submit).
    private readonly ConcurrentQueue<(string Handle, string? RequestId, DateTimeOffset FinishedAt)> _finished = new();
    private readonly Lock _sweeping = new();
    private readonly string _spillRoot = Path.Combine(options.Value.SpillDirectory is { Length: > 0 } dir ? dir : Path.GetTempPath(), "cortex-results", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Starts <paramref name="request"/>. The same <paramref name="requestId"/> returns the statement
    /// it started before, so a client's retry never runs a statement twice.
    /// </summary>
    public StatementEntry Submit(StatementRequest request, string? requestId)
    {
        ArgumentNullException.ThrowIfNull(request);
        Sweep();
        if (requestId is not null && _byRequestId.TryGetValue(requestId, out var existing) && _statements.TryGetValue(existing, out var previous))
        {
            return previous;
        }

        var entry = new StatementEntry(Guid.NewGuid().ToString(), time.GetUtcNow().ToUnixTimeMilliseconds());
        _statements[entry.Handle] = entry;
        if (requestId is not null)
        {
            _byRequestId[requestId] = entry.Handle;
        }

        entry.Completion = RunAsync(entry, request, requestId);
        return entry;
    }

    // Not on a thread of its own: up to its first wait it runs in the caller (a result-cache hit completes there, without
    // waking another thread); the SQL API handler then waits for it up to the synchronous limit.
    private async Task RunAsync(StatementEntry entry, StatementRequest request, string? requestId)
    {
        var token = entry.Cancellation.Token;
        try
        {
            var directory = Path.Combine(_spillRoot, entry.Handle);
            if (cache.Enabled)
            {
                var (result, error, reused) = await cache.GetOrRunAsync(
                    request.Statement!, request.Bindings, shared => executor.ExecuteToPartitionsAsync(request.Statement!, request.Bindings, request.Timeout, directory, shared), token);
                (entry.Result, entry.Error, entry.OwnsResult, entry.Reused) = (result, error, false, reused);
            }
            else
            {
                (entry.Result, entry.Error) = await executor.ExecuteToPartitionsAsync(request.Statement!, request.Bindings, request.Timeout, directory, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            entry.Error = new StatementError(CancelledCode, "57014", "SQL execution canceled");
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or IOException)
        {
            entry.Error = new StatementError("002140", "58000", "The warehouse failed: " + ex.Message);
        }
        finally
        {
            entry.FinishedAt = time.GetUtcNow();
            _finished.Enqueue((entry.Handle, requestId, entry.FinishedAt.Value));
            Telemetry.CortexMetrics.StatementFinished(
                entry.FinishedAt.Value - DateTimeOffset.FromUnixTimeMilliseconds(entry.CreatedOn), entry.Result?.NumRows ?? 0, entry.Error?.SqlState, entry.Reused);
        }
    }

    /// <summary>The statement with <paramref name="handle"/>, or null.</summary>
    public StatementEntry? Find(string handle) => _statements.GetValueOrDefault(handle);

    /// <summary>Removes finished statements older than the retention period and deletes their results.</summary>
    public void Sweep()
    {
        cache.Sweep();
        if (!_sweeping.TryEnter())
        {
            return;
        }

        try
        {
            var cutoff = time.GetUtcNow() - TimeSpan.FromMinutes(options.Value.ResultRetentionMinutes);
            while (_finished.TryPeek(out var oldest) && oldest.FinishedAt < cutoff && _finished.TryDequeue(out oldest))
            {
                if (oldest.RequestId is not null)
                {
                    _byRequestId.TryRemove(KeyValuePair.Create(oldest.RequestId, oldest.Handle));
                }

                if (_statements.TryRemove(oldest.Handle, out var entry))
                {
                    entry.Dispose();
                }
            }
        }
        finally
        {
            _sweeping.Exit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var entry in _statements.Values)
        {
            entry.Cancellation.Cancel();
            entry.Dispose();
        }

        _statements.Clear();
    }
}
