namespace Orchestrator.AgentCore.Auth;

/// <summary>Where credentials are read from a request.</summary>
internal static class Credentials
{
    /// <summary>The presented API key: <c>X-Api-Key</c>, or a bearer token that is not a JWT.</summary>
    public static string? ApiKey(HttpRequest request)
    {
        var header = request.Headers[ApiKeyAuthenticationHandler.ApiKeyHeader].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        var bearer = Bearer(request);
        return bearer is not null && !LooksLikeJwt(bearer) ? bearer : null;
    }

    /// <summary>The token of an <c>Authorization: Bearer</c> header.</summary>
    public static string? Bearer(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    /// <summary>A compact JWS has three dot-separated parts; API keys have none.</summary>
    public static bool LooksLikeJwt(string token) => token.Count(c => c == '.') == 2;
}
