using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Orchestrator.Cortex.Snowflake;

/// <summary>
/// Sends requests to the Snowflake account: authentication headers, <c>User-Agent</c>, a per-attempt
/// timeout, and retries with exponential backoff and full jitter on 429, 503 and 504.
/// </summary>
/// <remarks>
/// A request may be sent more than once, so callers hand over a body as bytes, never a stream.
/// When the path carries a <c>requestId</c>, retries add <c>retry=true</c>: Snowflake then returns the
/// result of the first attempt if it got through, instead of running the statement again.
/// </remarks>
public sealed partial class SnowflakeHttpSender(
    HttpClient http,
    ISnowflakeCredential credential,
    IOptions<SnowflakeOptions> options,
    TimeProvider time,
    ILogger<SnowflakeHttpSender> logger)
{
    private static readonly HttpStatusCode[] Retryable = [HttpStatusCode.TooManyRequests, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout];

    /// <summary>The account URL requests are relative to.</summary>
    public Uri BaseUrl { get; } = options.Value.ResolveBaseUrl();

    /// <summary>
    /// Sends <paramref name="method"/> <paramref name="pathAndQuery"/> with an optional JSON body and
    /// returns the response once its headers arrived (the body is left to stream).
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, byte[]? jsonBody, string accept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var settings = options.Value;
        for (var attempt = 0; ; attempt++)
        {
            var target = attempt > 0 && pathAndQuery.Contains("requestId=", StringComparison.Ordinal) && !pathAndQuery.Contains("retry=true", StringComparison.Ordinal)
                ? pathAndQuery + (pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "retry=true"
                : pathAndQuery;
            using var request = CreateRequest(method, target, jsonBody, accept);
            using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptTimeout.CancelAfter(TimeSpan.FromSeconds(settings.RequestTimeoutSeconds));
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                if (attempt >= settings.MaxRetries)
                {
                    throw new TimeoutException($"Snowflake did not answer {method} {pathAndQuery} within {settings.RequestTimeoutSeconds} s ({attempt + 1} attempts).");
                }

                LogRetry(logger, method.Method, pathAndQuery, 0, attempt + 1);
                await Task.Delay(Backoff(attempt, null, settings), time, cancellationToken);
                continue;
            }

            if (!Retryable.Contains(response.StatusCode) || attempt >= settings.MaxRetries)
            {
                return response;
            }

            var retryAfter = response.Headers.RetryAfter?.Delta;
            response.Dispose();
            LogRetry(logger, method.Method, pathAndQuery, (int)response.StatusCode, attempt + 1);
            await Task.Delay(Backoff(attempt, retryAfter, settings), time, cancellationToken);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string pathAndQuery, byte[]? jsonBody, string accept)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUrl, pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", credential.GetToken());
        request.Headers.Add("X-Snowflake-Authorization-Token-Type", credential.TokenType);
        request.Headers.TryAddWithoutValidation("User-Agent", options.Value.UserAgent);
        request.Headers.Accept.ParseAdd(accept);
        if (jsonBody is not null)
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    // Full jitter (a uniform delay up to the exponential bound) spreads out clients that were
    // throttled together; Retry-After, when Snowflake sends it, is a floor.
    private static TimeSpan Backoff(int attempt, TimeSpan? retryAfter, SnowflakeOptions settings)
    {
        var bound = settings.RetryBaseDelayMilliseconds * Math.Pow(2, Math.Min(attempt, 10));
        var delay = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(bound, 30_000));
        return retryAfter is { } floor && floor > delay ? floor : delay;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snowflake {Method} {Path} answered {Status}; retry {Attempt}")]
    private static partial void LogRetry(ILogger logger, string method, string path, int status, int attempt);
}
