using System.Collections.Concurrent;

namespace Orchestrator.Cortex.Analyst;

/// <summary>One piece of feedback on an analyst answer.</summary>
public sealed record AnalystFeedback(string RequestId, bool Positive, string? Message, DateTimeOffset ReceivedAt);

/// <summary>
/// Remembers the request ids of recent answers (so feedback on an unknown id is refused) and the
/// feedback received. Bounded: the oldest ids are forgotten first.
/// </summary>
public sealed class FeedbackStore(TimeProvider time)
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, byte> _answered = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentQueue<AnalystFeedback> _feedback = new();

    /// <summary>The feedback received, oldest first.</summary>
    public IReadOnlyCollection<AnalystFeedback> Feedback => _feedback;

    /// <summary>Records that an answer with <paramref name="requestId"/> was given.</summary>
    public void RecordAnswer(string requestId)
    {
        _answered[requestId] = 0;
        _order.Enqueue(requestId);
        while (_order.Count > Capacity && _order.TryDequeue(out var old))
        {
            _answered.TryRemove(old, out _);
        }
    }

    /// <summary>Stores feedback; false when <paramref name="requestId"/> names no recent answer.</summary>
    public bool TryAdd(string requestId, bool positive, string? message)
    {
        if (!_answered.ContainsKey(requestId))
        {
            return false;
        }

        _feedback.Enqueue(new AnalystFeedback(requestId, positive, message, time.GetUtcNow()));
        while (_feedback.Count > Capacity && _feedback.TryDequeue(out _))
        {
        }

        return true;
    }
}
