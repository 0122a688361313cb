namespace Orchestrator.AgentCore.Auth;

/// <summary>The ProblemDetails answers of the auth layer, the same whichever scheme refused the caller.</summary>
internal static class AuthProblems
{
    public static Task WriteUnauthorizedAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required", ProblemTypes.Unauthorized,
            $"Send an API key as 'Authorization: Bearer ack_…' or '{ApiKeyAuthenticationHandler.ApiKeyHeader}', or a JWT from the configured issuer.",
            response => response.Headers.WWWAuthenticate = "Bearer");

    // TypedResults.Problem falls back to plain JSON when the client's Accept (e.g. text/event-stream)
    // matches no ProblemDetails writer, where IProblemDetailsService.WriteAsync would throw.
    public static Task WriteAsync(HttpContext context, int status, string title, string type, string detail, Action<HttpResponse>? headers = null)
    {
        headers?.Invoke(context.Response);
        return TypedResults.Problem(detail, statusCode: status, title: title, type: type).ExecuteAsync(context);
    }
}
