using Amazon.Runtime;

namespace Orchestrator.AI;

/// <summary>Code-level settings for <see cref="ChatModelExtensions.AddChatModel"/>.</summary>
public sealed class ChatModelClientSettings
{
    /// <summary>Overrides <c>ConnectionStrings:{name}</c>; null reads the configuration.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Bedrock credentials to sign with; null (the default) uses the default AWS credential chain.</summary>
    public AWSCredentials? Credentials { get; set; }

    /// <summary>How often a throttled (429) or unavailable (5xx) call is retried. Default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The base delay of the exponential, jittered backoff between retries. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest a single attempt may take until the response starts (for streaming, until its headers
    /// arrive). Default 5 minutes, because long generations are normal.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Leaves out the health check. Default false.</summary>
    public bool DisableHealthChecks { get; set; }

    /// <summary>Leaves out the OpenTelemetry spans and metrics. Default false.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>Records prompts and completions on spans (GenAI content attributes). Default false: they may hold personal data.</summary>
    public bool EnableSensitiveTelemetryData { get; set; }
}
