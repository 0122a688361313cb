using System.Net;

namespace Orchestrator.AI.Bedrock;

/// <summary>An error reported by Amazon Bedrock, with the service's error type.</summary>
/// <remarks>
/// Throttling and service-unavailable responses are retried with backoff and jitter before this is
/// thrown; validation and access-denied errors are thrown at once, since repeating them cannot help.
/// </remarks>
public sealed class BedrockException : Exception
{
    public BedrockException()
    {
    }

    public BedrockException(string message)
        : base(message)
    {
    }

    public BedrockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal BedrockException(string errorType, HttpStatusCode? statusCode, string message)
        : base(message)
    {
        ErrorType = errorType;
        StatusCode = statusCode;
    }

    /// <summary>Bedrock's error type, e.g. <c>ValidationException</c>, <c>AccessDeniedException</c>, <c>ThrottlingException</c>.</summary>
    public string ErrorType { get; } = "Unknown";

    /// <summary>The HTTP status of the response, or null for an error delivered inside a stream.</summary>
    public HttpStatusCode? StatusCode { get; }
}
