using System.Diagnostics;
using System.Net.Http.Json;

namespace AgentCore.Bench;

/// <summary>Posts every prompt to <c>/invocations</c> with a fixed number of concurrent clients.</summary>
internal static class LoadRun
{
    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, int Failures, IReadOnlyList<string> TraceIds);

    public static async Task<Result> RunAsync(HttpClient client, IReadOnlyList<string> prompts, int concurrency)
    {
        var latencies = new double[prompts.Count];
        var traceIds = new string[prompts.Count];
        var failures = 0;
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < prompts.Count)
            {
                var traceId = ActivityTraceId.CreateRandom().ToHexString();
                traceIds[i] = traceId;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt = prompts[i] }) };
                request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
                var sent = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var sorted = latencies.Order().ToArray();
        return new Result(prompts.Count / elapsed, Percentile(sorted, 0.50), Percentile(sorted, 0.99), failures, traceIds);
    }

    public static double Percentile(double[] sorted, double percentile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * percentile))];
}
