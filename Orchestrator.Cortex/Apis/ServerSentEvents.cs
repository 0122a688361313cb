using System.Text;
using System.Text.Json;
using Orchestrator.Cortex.Analyst;

namespace Orchestrator.Cortex.Apis;

/// <summary>Writes <c>text/event-stream</c> frames (<c>event:</c> + <c>data:</c>), flushing each one; data as Cortex JSON unless other options are given.</summary>
public sealed class ServerSentEvents(HttpResponse response, JsonSerializerOptions? options = null)
{
    /// <summary>Sets the status and headers of an event stream.</summary>
    public void Start()
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>Writes one event whose data is <paramref name="data"/> as Cortex JSON.</summary>
    public async Task WriteAsync(string eventName, object data, CancellationToken cancellationToken)
    {
        var frame = new StringBuilder()
            .Append("event: ").Append(eventName).Append('\n')
            .Append("data: ").Append(JsonSerializer.Serialize(data, options ?? CortexJson.Options)).Append("\n\n")
            .ToString();
        await response.WriteAsync(frame, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
