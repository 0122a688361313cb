using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Orchestrator.Graph.Runs;

/// <summary>One streamed event of a run, numbered for <c>Last-Event-ID</c>.</summary>
public readonly record struct RunEvent(long Id, string Event, JsonElement Data);

/// <summary>The events of one run executing in this process; readers may join late and resume after any event id.</summary>
public sealed class RunEventLog
{
    private readonly Lock _gate = new();
    private readonly List<RunEvent> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether this process executes (or executed) the run, as opposed to relaying another replica's outcome.</summary>
    public bool ExecutedHere { get; set; }

    /// <summary>Whether the run has ended (no more events).</summary>
    public bool IsCompleted { get; private set; }

    public void Add(string name, JsonElement data)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _events.Add(new RunEvent(_events.Count + 1, name, data));
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public void Complete()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            IsCompleted = true;
            changed = _changed;
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// The events after <paramref name="afterId"/>, then the new ones until the run ends, in batches: each batch is
    /// what was added since the previous one, so a reader can send a burst of events (a step's update and values) at once.
    /// </summary>
    public async IAsyncEnumerable<RunEvent[]> ReadBatchesAsync(long afterId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = (int)Math.Max(0, afterId);
        while (true)
        {
            RunEvent[] batch;
            Task wait;
            bool completed;
            lock (_gate)
            {
                batch = next < _events.Count ? [.. _events.Skip(next)] : [];
                wait = _changed.Task;
                completed = IsCompleted;
            }

            if (batch.Length > 0)
            {
                yield return batch;
                next += batch.Length;
            }
            else
            {
                if (completed)
                {
                    yield break;
                }

                await wait.WaitAsync(cancellationToken);
            }
        }
    }
}

/// <summary>The event logs of the runs this process executed recently.</summary>
public sealed class RunEventLogs
{
    private const int Keep = 512;
    private readonly ConcurrentDictionary<string, RunEventLog> _logs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public RunEventLog GetOrCreate(string runId)
    {
        var log = _logs.GetOrAdd(runId, _ =>
        {
            _order.Enqueue(runId);
            return new RunEventLog();
        });
        while (_order.Count > Keep && _order.TryPeek(out var oldest) && _logs.TryGetValue(oldest, out var old) && old.IsCompleted && _order.TryDequeue(out _))
        {
            _logs.TryRemove(oldest, out _);
        }

        return log;
    }

    public RunEventLog? Find(string runId) => _logs.TryGetValue(runId, out var log) ? log : null;
}
