using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Configuration;

namespace Orchestrator.Cortex.Snowflake;

/// <summary>
/// Fails start-up when the snowflake backend is chosen without what it needs, naming each missing
/// configuration key (and so the environment variable, <c>Cortex__Snowflake__Account</c>, or the
/// AppHost parameter to set).
/// </summary>
public sealed class SnowflakeOptionsValidator(IOptions<CortexBackendOptions> backend) : IValidateOptions<SnowflakeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SnowflakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (backend.Value.Backend != CortexBackendKind.Snowflake)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        const string prefix = SnowflakeOptions.Section + ":";
        if (string.IsNullOrWhiteSpace(options.Account))
        {
            failures.Add($"{prefix}Account is required when Cortex:Backend is snowflake (e.g. myorg-myaccount).");
        }

        if (string.IsNullOrWhiteSpace(options.User) && string.IsNullOrWhiteSpace(options.Token))
        {
            failures.Add($"{prefix}User is required for key-pair authentication.");
        }

        var hasKey = !string.IsNullOrWhiteSpace(options.PrivateKeyPath) || !string.IsNullOrWhiteSpace(options.PrivateKey);
        var hasToken = !string.IsNullOrWhiteSpace(options.Token);
        if (!hasKey && !hasToken)
        {
            failures.Add($"Set {prefix}PrivateKeyPath or {prefix}PrivateKey (key-pair JWT), or {prefix}Token (programmatic access token).");
        }

        if (hasKey && hasToken)
        {
            failures.Add($"Set either a private key ({prefix}PrivateKeyPath/{prefix}PrivateKey) or {prefix}Token, not both.");
        }

        if (!string.IsNullOrWhiteSpace(options.PrivateKeyPath) && !string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            failures.Add($"Set only one of {prefix}PrivateKeyPath and {prefix}PrivateKey.");
        }

        if (!string.IsNullOrWhiteSpace(options.PrivateKeyPath) && !File.Exists(options.PrivateKeyPath))
        {
            failures.Add($"{prefix}PrivateKeyPath points to '{options.PrivateKeyPath}', which does not exist.");
        }

        if (options.BaseUrl is { } url && url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback)
        {
            failures.Add($"{prefix}BaseUrl must use https (plain http is accepted for loopback test servers only).");
        }

        if (options.JwtLifetimeSeconds is < 60 or > 3600)
        {
            failures.Add($"{prefix}JwtLifetimeSeconds must be between 60 and 3600 (Snowflake rejects tokens living longer than an hour).");
        }

        if (options.RequestTimeoutSeconds is < 1 or > 3600)
        {
            failures.Add($"{prefix}RequestTimeoutSeconds must be between 1 and 3600.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add($"{prefix}MaxRetries must be between 0 and 10.");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            failures.Add($"{prefix}UserAgent must not be empty (Snowflake requires a User-Agent).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
