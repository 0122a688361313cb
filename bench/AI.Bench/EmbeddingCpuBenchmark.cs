using System.Diagnostics;
using Microsoft.Extensions.AI;
using Orchestrator.AI.Embeddings;

namespace AI.Bench;

/// <summary>
/// CPU time and latency of one local embedding when a service embeds several questions at once:
/// ONNX Runtime's default threading (one thread per core, spinning while idle) against one thread
/// per inference without spinning, at 1, 2 and 6 concurrent callers.
/// </summary>
internal static class EmbeddingCpuBenchmark
{
    public static async Task RunAsync(int embeddingsPerCase)
    {
        Console.WriteLine($"Local embedding (arctic-embed-xs), {embeddingsPerCase} distinct questions per case; CPU is the whole process's");
        Console.WriteLine($"{"threading",-34} {"callers",7} {"CPU ms/embed",13} {"p50 ms",8} {"p99 ms",8} {"embeds/s",9}");
        foreach (var callers in new[] { 1, 2, 6 })
        {
            var baseline = await MeasureAsync(0, callers, embeddingsPerCase);
            var single = await MeasureAsync(1, callers, embeddingsPerCase);
            Print("ONNX default (per-core, spinning)", callers, baseline);
            Print("1 thread, no spinning", callers, single);
            Console.WriteLine($"{"  ratio (default / 1 thread)",-34} {"",7} {baseline.CpuMs / single.CpuMs,13:F2} {baseline.P50 / single.P50,8:F2} {"",8} {single.PerSecond / baseline.PerSecond,9:F2}");
        }
    }

    private static void Print(string name, int callers, Result r) =>
        Console.WriteLine($"{name,-34} {callers,7} {r.CpuMs,13:F2} {r.P50,8:F2} {r.P99,8:F2} {r.PerSecond,9:F1}");

    private static async Task<Result> MeasureAsync(int intraOpThreads, int callers, int count)
    {
        using var generator = new ArcticEmbeddingGenerator(intraOpThreads);
        await generator.GenerateVectorAsync("warm up the model");
        var questions = Enumerable.Range(0, count).Select(i => $"What was the revenue of region {i % 7} in {2015 + (i % 11)}? (#{i})").ToArray();
        var latencies = new List<double>(count);
        var next = -1;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await generator.GenerateVectorAsync(questions[i]);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(elapsed);
                }
            }
        })));
        wall.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        return new Result(cpu / count, Measure.Median(latencies), Measure.Percentile(latencies, 0.99), count / wall.Elapsed.TotalSeconds);
    }

    private sealed record Result(double CpuMs, double P50, double P99, double PerSecond);
}
