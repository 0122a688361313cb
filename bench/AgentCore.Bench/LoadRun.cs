using System.Diagnostics;
using System.Net.Http.Json;
using Orchestrator.AgentCore.Runtime;

namespace AgentCore.Bench;

/// <summary>Posts every prompt to <c>/invocations</c> with a fixed number of concurrent clients.</summary>
/// <remarks>
/// With <c>turnsPerSession</c> above 1, each client keeps its session for that many turns, so the thread's
/// conversation (and what every turn reads and writes) grows as it does for a real user.
/// </remarks>
internal static class LoadRun
{
    public sealed record Result(double RequestsPerSecond, double P50Ms, double P99Ms, int Failures, IReadOnlyList<string> TraceIds);

    public static async Task<Result> RunAsync(HttpClient client, IReadOnlyList<string> prompts, int concurrency, int turnsPerSession = 1)
    {
        var latencies = new double[prompts.Count];
        var traceIds = new string[prompts.Count];
        var failures = 0;
        var next = -1;
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            var (session, turns) = (SessionIds.New(), 0);
            while ((i = Interlocked.Increment(ref next)) < prompts.Count)
            {
                var traceId = ActivityTraceId.CreateRandom().ToHexString();
                traceIds[i] = traceId;
                using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt = prompts[i] }) };
                request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
                (session, turns) = turns == turnsPerSession ? (SessionIds.New(), 1) : (session, turns + 1);
                request.Headers.Add(SessionIds.Header, session);
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
