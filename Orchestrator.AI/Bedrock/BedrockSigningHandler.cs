using Amazon;
using Amazon.Runtime.Signing;

namespace Orchestrator.AI.Bedrock;

/// <summary>
/// Signs each Bedrock request with SigV4 (service <c>bedrock</c>) using AWSSDK.Core's public signer.
/// </summary>
/// <remarks>
/// It sits inside the retry handler so that every attempt is signed afresh, with a current timestamp
/// and the credentials current at that moment.
/// </remarks>
internal sealed class BedrockSigningHandler(BedrockCredentialSource credentials, string region) : DelegatingHandler
{
    public const string SigningService = "bedrock";

    private static readonly HashSet<string> TraceContextHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context",
    };

    private readonly RegionEndpoint _region = RegionEndpoint.GetBySystemName(region);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var parameters = new AWSSigV4Parameters
        {
            Credentials = await credentials.ResolveAsync(cancellationToken),
            Region = _region,
            Service = SigningService,
        };

        var signingRequest = new AWSSigningRequest
        {
            HttpMethod = request.Method,
            RequestUri = request.RequestUri,
            Content = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken),
        };
        foreach (var header in request.Headers)
        {
            // Trace-context headers are (re)written below us by HttpClient's diagnostics handler, with
            // a new span id on every attempt: signing them would break the signature of each retry.
            if (TraceContextHeaders.Contains(header.Key))
            {
                continue;
            }

            signingRequest.Headers[header.Key] = string.Join(", ", header.Value);
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            signingRequest.Headers["Content-Type"] = contentType.ToString();
        }

        var signed = await AWSSigV4Signer.SignAsync(signingRequest, parameters, cancellationToken);
        foreach (var (name, value) in signed.Headers)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
