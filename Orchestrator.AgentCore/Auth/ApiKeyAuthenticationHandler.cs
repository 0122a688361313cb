using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Orchestrator.AgentCore.Auth;

/// <summary>
/// Authenticates <c>Authorization: Bearer ack_…</c> or <c>X-Api-Key: ack_…</c> against the key store.
/// In <see cref="AuthMode.Open"/> a call with no credentials (or a placeholder that is not an API key)
/// becomes the anonymous owner; a call with a wrong API key is refused in every mode.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys,
    IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Credentials.ApiKey(Request);
        // OpenAI clients refuse to start without some key; in open mode a placeholder that is not an
        // API key at all ("sk-local", "none") means "no credentials". A malformed or wrong ack_ key
        // is still refused.
        if (key is null || (auth.Value.Mode == AuthMode.Open && !key.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal)))
        {
            return auth.Value.Mode == AuthMode.Open
                ? Success(auth.Value.AnonymousOwner, Owners.AnonymousKeyId)
                : AuthenticateResult.NoResult();
        }

        return await keys.ValidateAsync(key, Context.RequestAborted) is { } valid
            ? Success(valid.Owner, valid.Id)
            : AuthenticateResult.Fail("The API key is not valid.");
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => AuthProblems.WriteUnauthorizedAsync(Context);

    private static AuthenticateResult Success(string owner, string keyId)
    {
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, owner), new Claim(Owners.KeyIdClaim, keyId)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
