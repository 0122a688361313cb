using System.Net;
using System.Text.Json;

namespace Orchestrator.AI.Bedrock;

/// <summary>Turns Bedrock's error responses (HTTP and in-stream) into <see cref="BedrockException"/>s with clear messages.</summary>
internal static class BedrockErrors
{
    public static async Task<BedrockException> ReadAsync(HttpResponseMessage response, string modelId, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        string? type = null;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            // The header reads "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/".
            type = values.FirstOrDefault()?.Split(':')[0];
        }

        var (bodyType, message) = ParseBody(body);
        type ??= bodyType ?? TypeForStatus(response.StatusCode);
        return Create(type, response.StatusCode, message ?? response.ReasonPhrase ?? "no message", modelId);
    }

    public static BedrockException Create(string type, HttpStatusCode? status, string message, string modelId)
    {
        var advice = type switch
        {
            "ValidationException" => " The request was not retried; fix the request (messages, tools or inference options) before sending it again.",
            "AccessDeniedException" => $" The request was not retried; allow the caller's IAM principal bedrock:InvokeModel and bedrock:InvokeModelWithResponseStream on '{modelId}' and enable model access in the Bedrock console.",
            "UnrecognizedClientException" or "InvalidSignatureException" or "ExpiredTokenException" =>
                " The request was not retried; check the AWS credentials the default chain resolved and the machine's clock.",
            "ResourceNotFoundException" => $" The request was not retried; check that model '{modelId}' exists in this region.",
            "ThrottlingException" or "ServiceUnavailableException" or "ModelNotReadyException" =>
                " Bedrock was still refusing after the retries; lower the request rate or raise the quota.",
            _ => "",
        };
        var statusText = status is null ? "in stream" : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new BedrockException(type, status, $"Bedrock {type} ({statusText}) for model '{modelId}': {message}{advice}");
    }

    private static (string? Type, string? Message) ParseBody(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            string? message = null;
            string? type = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                if (property.NameEquals("message") || property.NameEquals("Message"))
                {
                    message = property.Value.GetString();
                }
                else if (property.NameEquals("__type"))
                {
                    type = property.Value.GetString()?.Split('#')[^1];
                }
            }

            return (type, message);
        }
        catch (JsonException)
        {
            return (null, body.Length == 0 ? null : System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512)));
        }
    }

    private static string TypeForStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "ValidationException",
        HttpStatusCode.Forbidden => "AccessDeniedException",
        HttpStatusCode.NotFound => "ResourceNotFoundException",
        HttpStatusCode.TooManyRequests => "ThrottlingException",
        HttpStatusCode.ServiceUnavailable => "ServiceUnavailableException",
        _ => "InternalServerException",
    };
}
