using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// Sends user feedback to Langfuse as a score linked to a trace (<c>POST /api/public/scores</c>),
/// so a thumbs-down lands on the exact request that earned it.
/// </summary>
public sealed class LangfuseScoreClient(IHttpClientFactory httpClients, LangfuseConnection connection)
{
    public const string HttpClientName = "langfuse-scores";

    /// <summary>Records a numeric or boolean score (1 = thumbs up, 0 = thumbs down) on a trace.</summary>
    /// <exception cref="ArgumentException"><paramref name="traceId"/> is not a 32-character hex trace id.</exception>
    /// <exception cref="HttpRequestException">Langfuse refused or could not be reached.</exception>
    public async Task SendAsync(string traceId, string name, double value, string dataType, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        if (traceId.Length != 32 || !traceId.All(Uri.IsHexDigit))
        {
            throw new ArgumentException("A trace id is 32 hexadecimal characters.", nameof(traceId));
        }

        using var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(connection.Endpoint, "api/public/scores"))
        {
            Content = JsonContent.Create(new ScoreBody(traceId.ToLowerInvariant(), name, value, dataType, comment)),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(connection.AuthorizationHeaderValue);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private sealed record ScoreBody(
        [property: JsonPropertyName("traceId")] string TraceId,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("value")] double Value,
        [property: JsonPropertyName("dataType")] string DataType,
        [property: JsonPropertyName("comment"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Comment);
}
