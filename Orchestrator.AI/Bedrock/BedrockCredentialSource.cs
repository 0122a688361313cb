using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Orchestrator.AI.Bedrock;

/// <summary>
/// Where the SigV4 signer gets its credentials: given ones, or the default AWS chain (environment,
/// web identity, shared profile including SSO profiles, then ECS container credentials / instance profile).
/// </summary>
/// <remarks>
/// The chain is consulted for every request rather than once at start-up: it caches what it found and
/// notices changed environment variables and credential files, and the temporary credentials it returns
/// (SSO, container, web identity) refresh themselves ahead of their expiry.
/// </remarks>
internal sealed class BedrockCredentialSource(AWSCredentials? credentials) : IDisposable
{
    private readonly DefaultAWSCredentialsIdentityResolver? _chain = credentials is null ? new() : null;

    public async Task<AWSCredentials> ResolveAsync(CancellationToken cancellationToken)
    {
        if (credentials is not null)
        {
            return credentials;
        }

        try
        {
            return await _chain!.ResolveIdentityAsync(null!, cancellationToken);
        }
        catch (Exception e) when (e is AmazonClientException or AmazonServiceException)
        {
            throw new InvalidOperationException(
                "No AWS credentials for Bedrock: the default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE " +
                "or the default profile incl. SSO, ECS container credentials) found none. " + e.Message, e);
        }
    }

    /// <summary>Resolves and materialises the current credentials; used by the health check.</summary>
    public async Task<ImmutableCredentials> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var resolved = await ResolveAsync(cancellationToken);
        return await resolved.GetCredentialsAsync();
    }

    public void Dispose() => _chain?.Dispose();
}
