namespace Orchestrator.AgentCore.Auth;

/// <summary>The ProblemDetails answers of the auth layer, the same whichever scheme refused the caller.</summary>
internal static class AuthProblems
{
    public static Task WriteUnauthorizedAsync(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "Authentication required", ProblemTypes.Unauthorized,
            $"Send an API key as 'Authorization: Bearer ack_…' or '{ApiKeyAuthenticationHandler.ApiKeyHeader}', or a JWT from the configured issuer.",
            response => response.Headers.WWWAuthenticate = "Bearer");

    public static async Task WriteAsync(HttpContext context, int status, string title, string type, string detail, Action<HttpResponse>? headers = null)
    {
        context.Response.StatusCode = status;
        headers?.Invoke(context.Response);
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Type = type, Detail = detail },
        });
    }
}
