using System.Diagnostics;

namespace AgentCore.Bench;

/// <summary>
/// The latency floor of one hop: a trivial GET, one at a time, either back to back (threads stay hot) or after an
/// idle pause, which is how a request's hops find the next service: its threads asleep, its caches cold.
/// </summary>
internal static class Floor
{
    public static async Task<double> MeasureAsync(HttpClient client, string path, TimeSpan idle, int count)
    {
        var samples = new double[count];
        for (var i = -count / 4; i < count; i++)
        {
            if (idle > TimeSpan.Zero)
            {
                Thread.Sleep(idle);
            }

            var sent = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            if (i >= 0)
            {
                samples[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
        }

        Array.Sort(samples);
        return LoadRun.Percentile(samples, 0.5);
    }
}
