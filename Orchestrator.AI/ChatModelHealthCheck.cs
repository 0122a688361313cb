using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.AI.Bedrock;
using Orchestrator.AI.Configuration;

namespace Orchestrator.AI;

/// <summary>
/// Readiness of the chat model: the configuration parsed (or start-up would have failed) and, for
/// Bedrock, AWS credentials can be resolved. It never calls the model, which would cost money per probe.
/// </summary>
internal sealed class ChatModelHealthCheck(ChatModelInfo info, BedrockCredentialSource? credentials) : IHealthCheck
{
    private static readonly TimeSpan CredentialTimeout = TimeSpan.FromSeconds(10);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (info.Provider != ChatModelProvider.Bedrock || credentials is null)
        {
            return HealthCheckResult.Healthy(info.IsGenerative ? info.ToString() : "Offline: no generative model is configured.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CredentialTimeout);
        try
        {
            var current = await credentials.GetCurrentAsync(timeout.Token);
            return string.IsNullOrEmpty(current.AccessKey)
                ? HealthCheckResult.Unhealthy("The AWS credential chain returned credentials without an access key.")
                : HealthCheckResult.Healthy($"{info}; AWS credentials resolved.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{info}; AWS credentials could not be resolved: {e.Message}");
        }
    }
}
