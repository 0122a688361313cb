using System.ComponentModel.DataAnnotations;

namespace Orchestrator.AgentCore.Auth;

/// <summary>How callers are authenticated (<c>AgentCore:Auth</c>).</summary>
public sealed class AuthOptions : IValidatableObject
{
    public const string SectionName = "AgentCore:Auth";

    /// <summary>
    /// <c>Required</c> (the default): every API call needs an API key or a JWT. <c>Open</c>: calls
    /// without credentials act as the owner <see cref="AnonymousOwner"/>; only the AppHost's local
    /// run mode sets it.
    /// </summary>
    public AuthMode Mode { get; set; } = AuthMode.Required;

    /// <summary>
    /// A secret that lets <c>POST /admin/api-keys</c> create keys (header <c>X-Bootstrap-Key</c>);
    /// unset disables the endpoint. At least 32 characters.
    /// </summary>
    public string? BootstrapKey { get; set; }

    /// <summary>The owner of credential-less calls in <see cref="AuthMode.Open"/> mode.</summary>
    public string AnonymousOwner { get; set; } = "anonymous";

    /// <summary>JWT bearer validation; off while <see cref="JwtOptions.Authority"/> is unset.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Requests each caller may make per window.</summary>
    [Range(1, 1_000_000, ErrorMessage = "AgentCore:Auth:PermitsPerWindow must be 1-1000000.")]
    public int PermitsPerWindow { get; set; } = 600;

    /// <summary>The rate-limit window, in seconds.</summary>
    [Range(1, 3_600, ErrorMessage = "AgentCore:Auth:WindowSeconds must be 1-3600.")]
    public int WindowSeconds { get; set; } = 60;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (BootstrapKey is { Length: < 32 })
        {
            yield return new ValidationResult(
                $"{SectionName}:BootstrapKey must be at least 32 characters; set it from a secret (AppHost: a secret parameter passed as AgentCore__Auth__BootstrapKey).",
                [nameof(BootstrapKey)]);
        }

        if (Jwt.Enabled && string.IsNullOrWhiteSpace(Jwt.Audience))
        {
            yield return new ValidationResult(
                $"{SectionName}:Jwt:Audience is required when {SectionName}:Jwt:Authority is set (for Cognito, the app client id).",
                [nameof(Jwt)]);
        }

        if (!Jwt.Enabled && !string.IsNullOrWhiteSpace(Jwt.Issuer))
        {
            yield return new ValidationResult(
                $"{SectionName}:Jwt:Issuer needs {SectionName}:Jwt:Authority, where the signing keys are discovered (Cognito: https://cognito-idp.REGION.amazonaws.com/POOL_ID).",
                [nameof(Jwt)]);
        }
    }
}

/// <summary>Whether the API needs credentials.</summary>
public enum AuthMode
{
    Required,
    Open,
}

/// <summary>JWT bearer settings, e.g. a Cognito user pool.</summary>
public sealed class JwtOptions
{
    /// <summary>The OpenID Connect authority whose metadata and keys are fetched (Cognito: <c>https://cognito-idp.REGION.amazonaws.com/POOL_ID</c>).</summary>
    public string? Authority { get; set; }

    /// <summary>The expected <c>iss</c>; defaults to the authority.</summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// The expected <c>aud</c>: for Cognito, the app client id, as carried by its ID tokens. (Cognito
    /// access tokens name the client in <c>client_id</c> and have no <c>aud</c>; they are not accepted.)
    /// </summary>
    public string? Audience { get; set; }

    /// <summary>Whether the metadata address must be HTTPS; only a test against a loopback issuer turns it off.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    internal bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
