namespace Orchestrator.AgentCore.Runtime;

/// <summary>
/// The <c>/ping</c> status: <c>HealthyBusy</c> while an invocation is in flight, else <c>Healthy</c>.
/// <c>time_of_last_update</c> moves only when the status changes, as the Runtime contract asks, so
/// the platform can tell how long an instance has been idle.
/// </summary>
public sealed class PingStatus(TimeProvider clock)
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private long _lastUpdate = clock.GetUtcNow().ToUnixTimeSeconds();

    public (string Status, long TimeOfLastUpdate) Current
    {
        get
        {
            lock (_gate)
            {
                return (_inFlight > 0 ? "HealthyBusy" : "Healthy", _lastUpdate);
            }
        }
    }

    /// <summary>Marks an invocation in flight until the returned scope is disposed.</summary>
    public IDisposable BeginWork()
    {
        lock (_gate)
        {
            if (_inFlight++ == 0)
            {
                _lastUpdate = clock.GetUtcNow().ToUnixTimeSeconds();
            }
        }

        return new WorkScope(this);
    }

    private void EndWork()
    {
        lock (_gate)
        {
            if (--_inFlight == 0)
            {
                _lastUpdate = clock.GetUtcNow().ToUnixTimeSeconds();
            }
        }
    }

    private sealed class WorkScope(PingStatus owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.EndWork();
            }
        }
    }
}
