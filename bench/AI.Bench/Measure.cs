using System.Diagnostics;

namespace AI.Bench;

/// <summary>Small statistics over repeated Stopwatch measurements.</summary>
internal static class Measure
{
    public static double Median(List<double> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    public static double Percentile(List<double> values, double percentile)
    {
        values.Sort();
        return values[Math.Min(values.Count - 1, (int)(values.Count * percentile))];
    }

    public static async Task<double> MicrosecondsAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }

    /// <summary>Megabytes per second of one pass over <paramref name="bytes"/> bytes.</summary>
    public static async Task<double> ThroughputAsync(long bytes, Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action();
        return bytes / 1e6 / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
}
