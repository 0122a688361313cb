using Microsoft.Extensions.Options;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.AgentCore.Feedback;

/// <summary>
/// Sends feedback that Langfuse did not take when it was given (an outage, a restart) once Langfuse is back, oldest
/// first, every <see cref="AgentCoreOptions.FeedbackRetrySeconds"/>. Nothing runs unless Langfuse is configured.
/// </summary>
/// <remarks>
/// Every replica runs it. Two sending the same row is harmless: a score's id is the row's, and Langfuse keeps one
/// score per id. A pass stops at the first failure rather than knock on a Langfuse that is down for every row; a row
/// that failed <see cref="MaxAttempts"/> times is left in the table, so one that Langfuse refuses for good cannot hold
/// up the rest.
/// </remarks>
public sealed partial class FeedbackForwarder(
    FeedbackStore store, IOptions<AgentCoreOptions> options, TimeProvider time, ILogger<FeedbackForwarder> logger, LangfuseScoreClient? scores = null) : BackgroundService
{
    public const int MaxAttempts = 10;
    private const int BatchSize = 100;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (scores is null)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.FeedbackRetrySeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var sent = await ForwardPendingAsync(scores, stoppingToken);
                if (sent > 0)
                {
                    LogForwarded(logger, sent);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A retry loop must never stop the host: the next pass tries again.
                LogPassFailed(logger, exception.GetType().Name, exception.Message);
            }
        }
    }

    private async Task<int> ForwardPendingAsync(LangfuseScoreClient client, CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var feedback in await store.ListUnforwardedAsync(BatchSize, MaxAttempts, cancellationToken))
        {
            if (!await TrySendAsync(store, client, feedback, cancellationToken))
            {
                break;
            }

            sent++;
        }

        return sent;
    }

    /// <summary>
    /// Sends one feedback to Langfuse and records the outcome on its row: forwarded, or one more failed attempt. Used
    /// when the feedback is given and by each background pass.
    /// </summary>
    public static async Task<bool> TrySendAsync(FeedbackStore store, LangfuseScoreClient scores, PendingFeedback feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(feedback);
        var sent = await scores.TrySendAsync(feedback.ToScore(), cancellationToken);
        // Recorded even when the caller has gone meanwhile: the score was sent, or failed, either way.
        await (sent ? store.MarkForwardedAsync(feedback.Id, CancellationToken.None) : store.MarkAttemptFailedAsync(feedback.Id, CancellationToken.None));
        return sent;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} earlier feedback scores to Langfuse.")]
    private static partial void LogForwarded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending earlier feedback to Langfuse failed ({ErrorType}: {Reason}); trying again next pass.")]
    private static partial void LogPassFailed(ILogger logger, string errorType, string reason);
}
