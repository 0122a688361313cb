using System.Diagnostics;

namespace Orchestrator.AgentCore.Supervisor;

/// <summary>
/// Warms the supervisor before the server listens: the embedding model loads and the route examples are embedded
/// while the task is still starting, so a task that reports healthy answers its first question as fast as its
/// hundredth (lazily, the first turn paid about 0.6 s for both).
/// </summary>
public sealed partial class SupervisorWarmUp(AgentSupervisor supervisor, ILogger<SupervisorWarmUp> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await supervisor.WarmUpAsync(cancellationToken);
        LogWarmedUp(logger, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Supervisor warmed up in {ElapsedMs:F0} ms (embedding model loaded, route examples embedded).")]
    private static partial void LogWarmedUp(ILogger logger, double elapsedMs);
}
