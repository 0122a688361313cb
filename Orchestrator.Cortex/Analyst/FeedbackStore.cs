using System.Collections.Concurrent;

namespace Orchestrator.Cortex.Analyst;

/// <summary>One piece of feedback on an analyst answer.</summary>
public sealed record AnalystFeedback(string RequestId, bool Positive, string? Message, DateTimeOffset ReceivedAt);

/// <summary>Where an analyst answer was traced: its trace and span ids, or nulls when it was not traced.</summary>
public sealed record AnswerTrace(string? TraceId, string? SpanId);

/// <summary>
/// Remembers the request ids of recent answers (so feedback on an unknown id is refused) and the
/// feedback received. Bounded: the oldest ids are forgotten first.
/// </summary>
public sealed class FeedbackStore(TimeProvider time)
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<string, AnswerTrace> _answered = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly ConcurrentQueue<AnalystFeedback> _feedback = new();

    /// <summary>The feedback received, oldest first.</summary>
    public IReadOnlyCollection<AnalystFeedback> Feedback => _feedback;

    /// <summary>Records that an answer with <paramref name="requestId"/> was given, and where it was traced.</summary>
    public void RecordAnswer(string requestId, AnswerTrace trace)
    {
        _answered[requestId] = trace;
        _order.Enqueue(requestId);
        while (_order.Count > Capacity && _order.TryDequeue(out var old))
        {
            _answered.TryRemove(old, out _);
        }
    }

    /// <summary>Stores feedback and returns where its answer was traced; null when <paramref name="requestId"/> names no recent answer.</summary>
    public AnswerTrace? TryAdd(string requestId, bool positive, string? message)
    {
        if (!_answered.TryGetValue(requestId, out var trace))
        {
            return null;
        }

        _feedback.Enqueue(new AnalystFeedback(requestId, positive, message, time.GetUtcNow()));
        while (_feedback.Count > Capacity && _feedback.TryDequeue(out _))
        {
        }

        return trace;
    }
}
