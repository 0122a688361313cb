using System.Diagnostics;

namespace Cortex.Bench;

/// <summary>Stopwatch runs reported as medians.</summary>
internal static class Measure
{
    public static async Task<List<double>> RunAsync(int warmups, int runs, Func<Task> body)
    {
        for (var i = 0; i < warmups; i++)
        {
            await body();
        }

        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            await body();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return times;
    }

    public static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Clamp(Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    public static double Median(IEnumerable<double> values) => Percentile(values, 0.5);
}
