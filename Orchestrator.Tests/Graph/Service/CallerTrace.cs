using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Orchestrator.Tests.Graph.Service;

/// <summary>
/// A trace started by an outside caller: requests sent with its <c>traceparent</c>, and the spans this process records
/// in it from one activity source.
/// </summary>
internal sealed class CallerTrace : IDisposable
{
    private readonly ActivityListener _listener;

    public CallerTrace(string sourceName)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (span.TraceId == Id)
                {
                    Spans.Enqueue(span);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivityTraceId Id { get; } = ActivityTraceId.CreateRandom();

    public ConcurrentQueue<Activity> Spans { get; } = new();

    /// <summary>Posts JSON as a request of this trace, with <paramref name="baggage"/> when given.</summary>
    public async Task<HttpResponseMessage> PostJsonAsync(Uri address, string path, string json, string? baggage = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("traceparent", $"00-{Id}-{ActivitySpanId.CreateRandom()}-01");
        if (baggage is not null)
        {
            request.Headers.Add("baggage", baggage);
        }

        // Sent without this process's own trace propagation, which would replace the caller's traceparent.
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = address };
        return await caller.SendAsync(request);
    }

    public void Dispose() => _listener.Dispose();
}
