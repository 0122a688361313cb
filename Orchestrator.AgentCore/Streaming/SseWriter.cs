using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Orchestrator.AgentCore.Streaming;

/// <summary>Writes Server-Sent Events: one <c>data: &lt;payload&gt;\n\n</c> frame per event, flushed at once.</summary>
public static class SseWriter
{
    public const string ContentType = "text/event-stream";

    /// <summary>True when the client asked for a stream by <c>Accept</c> or by a body flag.</summary>
    public static bool Wants(HttpRequest request, bool? bodyFlag) =>
        bodyFlag == true || request.Headers.Accept.Any(a => a?.Contains(ContentType, StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Sends the headers so the client sees the stream open before the first event.</summary>
    public static async Task BeginAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Writes one frame; the payload must be a single line (compact JSON is).</summary>
    public static async Task WriteAsync(HttpResponse response, string payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(payload);
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes($"data: {payload}\n\n"), cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
