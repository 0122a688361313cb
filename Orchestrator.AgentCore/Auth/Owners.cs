using System.Security.Claims;

namespace Orchestrator.AgentCore.Auth;

/// <summary>Who the authenticated caller is, whichever scheme authenticated them.</summary>
public static class Owners
{
    public const string KeyIdClaim = "agentcore:key_id";
    public const string AnonymousKeyId = "anonymous";

    /// <summary>The owner of sessions: the API key's owner, or the JWT's subject.</summary>
    public static string Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.FindFirstValue("sub")
            ?? throw new InvalidOperationException("An authenticated caller has no subject.");
    }

    /// <summary>The rate-limit partition: one per API key, one per JWT subject.</summary>
    public static string RateLimitPartition(ClaimsPrincipal user) =>
        user.FindFirstValue(KeyIdClaim) is { } keyId ? $"key:{keyId}" : $"sub:{Of(user)}";
}
