using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// Sends user feedback to Langfuse as a score linked to a trace (<c>POST /api/public/scores</c>),
/// so a thumbs-down lands on the exact request that earned it.
/// </summary>
/// <remarks>Registered by <see cref="LangfuseScoresExtensions.AddLangfuseScores"/> only when Langfuse is configured.</remarks>
public sealed partial class LangfuseScoreClient(IHttpClientFactory httpClients, LangfuseConnection connection, ILogger<LangfuseScoreClient> logger)
{
    public const string HttpClientName = "langfuse-scores";

    /// <summary>Records a score (for a thumbs up or down: <c>BOOLEAN</c>, 1 or 0) on a trace, and on one of its observations when given.</summary>
    /// <remarks>Langfuse upserts by the score's id, so sending the same feedback twice (or a retry) keeps one score.</remarks>
    /// <exception cref="ArgumentException">The score's trace id is not a 32-character hex trace id.</exception>
    /// <exception cref="HttpRequestException">Langfuse refused or could not be reached.</exception>
    public async Task SendAsync(LangfuseScore score, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (!IsTraceId(score.TraceId))
        {
            throw new ArgumentException("A trace id is 32 hexadecimal characters.", nameof(score));
        }

        using var http = httpClients.CreateClient(HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(connection.Endpoint, "api/public/scores"))
        {
            Content = JsonContent.Create(score with { TraceId = score.TraceId.ToLowerInvariant() }),
        };
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(connection.AuthorizationHeaderValue);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Like <see cref="SendAsync"/>, but a Langfuse outage is logged and reported as false instead of thrown: feedback already kept elsewhere must not fail its request.</summary>
    public async Task<bool> TrySendAsync(LangfuseScore score, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(score, cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogNotSent(logger, score.Name, score.TraceId, exception.Message);
            return false;
        }
    }

    /// <summary>True for a W3C trace id: 32 hexadecimal characters.</summary>
    public static bool IsTraceId(string? value) => value is { Length: 32 } && value.All(Uri.IsHexDigit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Score {Name} for trace {TraceId} was not sent to Langfuse: {Reason}")]
    private static partial void LogNotSent(ILogger logger, string name, string traceId, string reason);
}

/// <summary>A Langfuse score as its public API takes it.</summary>
public sealed record LangfuseScore(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("traceId")] string TraceId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("dataType")] string DataType,
    [property: JsonPropertyName("comment"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Comment = null,
    [property: JsonPropertyName("observationId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ObservationId = null)
{
    /// <summary>A thumbs up (1) or down (0) as a boolean score.</summary>
    public static LangfuseScore Thumb(string id, string traceId, string name, bool positive, string? comment, string? observationId = null) =>
        new(id, traceId, name, positive ? 1 : 0, "BOOLEAN", comment, observationId);
}
