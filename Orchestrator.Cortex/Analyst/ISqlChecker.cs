namespace Orchestrator.Cortex.Analyst;

/// <summary>Checks that SQL compiles against the warehouse without running it (EXPLAIN).</summary>
public interface ISqlChecker
{
    /// <summary>Returns the database's error for <paramref name="sql"/>, or null when it would run.</summary>
    Task<string?> CheckAsync(string sql, CancellationToken cancellationToken);
}
