using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Orchestrator.AgentCore.Auth;

namespace Orchestrator.AgentCore.Apis;

/// <summary><c>/admin/api-keys</c>: creates, lists and revokes API keys, protected by the bootstrap key.</summary>
public static class AdminApi
{
    public const string BootstrapHeader = "X-Bootstrap-Key";

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/admin/api-keys")
            .WithTags("Admin")
            .AddEndpointFilter(RequireBootstrapKeyAsync);
        keys.MapPost("/", CreateKeyAsync)
            .WithName("CreateApiKey")
            .WithSummary("Creates an API key for an owner; the key is shown once. Needs the bootstrap key in X-Bootstrap-Key.");
        keys.MapGet("/", ListKeysAsync)
            .WithName("ListApiKeys")
            .WithSummary("Lists API keys (ids, owners, dates; never the keys), optionally of one owner. Needs the bootstrap key.");
        keys.MapDelete("/{id}", RevokeKeyAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revokes an API key at once; revoking twice is harmless. Needs the bootstrap key.");
        return app;
    }

    private static async ValueTask<object?> RequireBootstrapKeyAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var presented = context.Request.Headers[BootstrapHeader].ToString();
        var bootstrap = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.BootstrapKey;
        if (bootstrap is null || presented.Length == 0 || !ApiKeys.SecretEquals(presented, bootstrap))
        {
            // The same answer whether the endpoint is disabled or the key is wrong: nothing to probe.
            return TypedResults.Problem($"Send the bootstrap key in {BootstrapHeader}.", statusCode: 401, title: "Authentication required", type: ProblemTypes.Unauthorized);
        }

        return await next(invocation);
    }

    private static async Task<Results<Created<CreatedApiKey>, ProblemHttpResult>> CreateKeyAsync(
        CreateApiKeyRequest request, ApiKeyStore keys, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Owner) || request.Owner.Length > 200)
        {
            return TypedResults.Problem("'owner' must be 1-200 characters.", statusCode: 422, title: "Invalid owner", type: ProblemTypes.ValidationFailed);
        }

        var created = await keys.CreateAsync(request.Owner, cancellationToken);
        return TypedResults.Created($"/admin/api-keys/{created.Id}", created);
    }

    private static async Task<Ok<IReadOnlyList<ApiKeyInfo>>> ListKeysAsync(string? owner, ApiKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(owner, cancellationToken));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(string id, ApiKeyStore keys, CancellationToken cancellationToken) =>
        await keys.RevokeAsync(id, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem($"There is no API key with id '{id}'.", statusCode: 404, title: "Not found", type: ProblemTypes.NotFound);

    /// <summary>The body of <c>POST /admin/api-keys</c>.</summary>
    public sealed record CreateApiKeyRequest([property: JsonPropertyName("owner")] string? Owner);
}
