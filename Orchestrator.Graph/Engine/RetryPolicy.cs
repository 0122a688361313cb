namespace Orchestrator.Graph.Engine;

/// <summary>How a failing node is retried: exponential back-off with optional jitter.</summary>
public sealed record RetryPolicy
{
    /// <summary>Total attempts including the first.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Delay before the first retry.</summary>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Multiplier applied to the delay after each retry.</summary>
    public double BackoffFactor { get; init; } = 2.0;

    /// <summary>Upper bound of the delay.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromSeconds(128);

    /// <summary>Adds up to 25% random delay so replicas do not retry in lockstep.</summary>
    public bool Jitter { get; init; } = true;

    /// <summary>Which exceptions are retried; by default all except interrupts, cancellations and invalid updates.</summary>
    public Func<Exception, bool>? RetryOn { get; init; }

    internal bool ShouldRetry(Exception exception) => exception switch
    {
        GraphInterruptException or OperationCanceledException or InvalidUpdateException or InvalidCommandException => false,
        _ => RetryOn?.Invoke(exception) ?? true,
    };

    internal TimeSpan DelayBefore(int retry)
    {
        var ms = InitialInterval.TotalMilliseconds * Math.Pow(BackoffFactor, retry - 1);
        ms = Math.Min(ms, MaxInterval.TotalMilliseconds);
        if (Jitter)
        {
#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
            ms += ms * 0.25 * Random.Shared.NextDouble();
#pragma warning restore CA5394
        }

        return TimeSpan.FromMilliseconds(ms);
    }
}
