namespace Orchestrator.Cortex.Snowflake;

/// <summary>
/// How to reach a Snowflake account (section <c>Cortex:Snowflake</c>). Validated at start-up by
/// <see cref="SnowflakeOptionsValidator"/> when <c>Cortex:Backend</c> is <c>snowflake</c>.
/// </summary>
public sealed class SnowflakeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cortex:Snowflake";

    /// <summary>The account identifier (<c>myorg-myaccount</c>, or a locator such as <c>xy12345.us-east-2.aws</c>).</summary>
    public string? Account { get; set; }

    /// <summary>The login name of the user the key pair or token belongs to.</summary>
    public string? User { get; set; }

    /// <summary>A path to the PKCS#8 PEM private key (<c>rsa_key.p8</c>), encrypted or not.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The PKCS#8 PEM private key itself, for secrets injected as values.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>The passphrase of an encrypted private key.</summary>
    public string? PrivateKeyPassphrase { get; set; }

    /// <summary>A programmatic access token, used instead of a key pair.</summary>
    public string? Token { get; set; }

    /// <summary>The default role of each statement (a request may name another).</summary>
    public string? Role { get; set; }

    /// <summary>The default warehouse.</summary>
    public string? Warehouse { get; set; }

    /// <summary>The default database.</summary>
    public string? Database { get; set; }

    /// <summary>The default schema.</summary>
    public string? Schema { get; set; }

    /// <summary>The account URL; <c>https://&lt;account&gt;.snowflakecomputing.com</c> when not set.</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The <c>User-Agent</c> sent with every request (Snowflake requires one).</summary>
    public string UserAgent { get; set; } = "MultiAgentOrchestrator-Cortex/1.0";

    /// <summary>How long one HTTP attempt may take, in seconds.</summary>
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>How many times a throttled or unavailable request (429, 503, 504) is retried.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry delay in milliseconds; later ones grow exponentially, with full jitter.</summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>The lifetime of a key-pair JWT in seconds (Snowflake accepts at most one hour).</summary>
    public int JwtLifetimeSeconds { get; set; } = 3540;

    /// <summary>The URL of the account: <see cref="BaseUrl"/>, or derived from <see cref="Account"/>.</summary>
    public Uri ResolveBaseUrl() =>
        BaseUrl ?? new Uri($"https://{Account!.Trim().ToLowerInvariant().Replace('_', '-')}.snowflakecomputing.com/");
}
