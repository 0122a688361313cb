using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.AgentCore.Auth;

namespace Orchestrator.AgentCore.Apis;

/// <summary><c>POST /admin/api-keys</c>: creates API keys, protected by the bootstrap key.</summary>
public static class AdminApi
{
    public const string BootstrapHeader = "X-Bootstrap-Key";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/admin/api-keys", CreateKeyAsync)
            .WithName("CreateApiKey")
            .WithSummary("Creates an API key for an owner; the key is shown once. Needs the bootstrap key in X-Bootstrap-Key.")
            .WithTags("Admin");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateKeyAsync(
        CreateApiKeyRequest request, HttpContext context, ApiKeyStore keys, IOptions<AuthOptions> auth, CancellationToken cancellationToken)
    {
        var presented = context.Request.Headers[BootstrapHeader].ToString();
        if (auth.Value.BootstrapKey is not { } bootstrap || presented.Length == 0 || !ApiKeys.SecretEquals(presented, bootstrap))
        {
            // The same answer whether the endpoint is disabled or the key is wrong: nothing to probe.
            return TypedResults.Problem($"Send the bootstrap key in {BootstrapHeader}.", statusCode: 401, title: "Authentication required", type: ProblemTypes.Unauthorized);
        }

        if (string.IsNullOrWhiteSpace(request.Owner) || request.Owner.Length > 200)
        {
            return TypedResults.Problem("'owner' must be 1-200 characters.", statusCode: 422, title: "Invalid owner", type: ProblemTypes.ValidationFailed);
        }

        var created = await keys.CreateAsync(request.Owner, cancellationToken);
        return TypedResults.Created($"/admin/api-keys/{created.Id}", created);
    }

    /// <summary>The body of <c>POST /admin/api-keys</c>.</summary>
    public sealed record CreateApiKeyRequest([property: JsonPropertyName("owner")] string? Owner);
}
