using Orchestrator.Cortex.Local;

namespace Orchestrator.Cortex.Statements;

/// <summary>A submitted statement: running, or finished with a result or an error.</summary>
public sealed class StatementEntry : IDisposable
{
    /// <summary>Creates the entry of a statement submitted at <paramref name="createdOn"/> (ms since the epoch).</summary>
    public StatementEntry(string handle, long createdOn)
    {
        Handle = handle;
        CreatedOn = createdOn;
    }

    /// <summary>The statement handle (a UUID).</summary>
    public string Handle { get; }

    /// <summary>When it was submitted, in milliseconds since the epoch.</summary>
    public long CreatedOn { get; }

    /// <summary>Cancels the running statement.</summary>
    public CancellationTokenSource Cancellation { get; } = new();

    /// <summary>Completes when the statement finished, whatever the outcome.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>The result, once it succeeded.</summary>
    public StatementResult? Result { get; set; }

    /// <summary>Whether the result is this statement's own (deleted with it) rather than shared through the result cache.</summary>
    public bool OwnsResult { get; set; } = true;

    /// <summary>Whether the result was reused from an identical statement instead of run for this one.</summary>
    public bool Reused { get; set; }

    /// <summary>The error, once it failed or was cancelled.</summary>
    public StatementError? Error { get; set; }

    /// <summary>When it finished; null while running.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Whether it is still running.</summary>
    public bool IsRunning => FinishedAt is null;

    /// <inheritdoc />
    public void Dispose()
    {
        Cancellation.Dispose();
        if (OwnsResult)
        {
            Result?.Dispose();
        }
    }
}
