using Orchestrator.AI.Bedrock;
using Orchestrator.AI.Bedrock.EventStream;
using Orchestrator.Tests.AI.Fakes;

namespace AI.Bench;

/// <summary>
/// Decoding throughput of a ConverseStream body held in memory: the frame reader alone (both CRCs,
/// headers) and with the Converse assembler (JSON per event), against a plain memory copy and a
/// synchronous walk over the same frames with and without the CRC checks.
/// </summary>
internal static class EventStreamBenchmark
{
    public static async Task RunAsync(int iterations)
    {
        var bytes = BuildStream(frames: 20_000);
        var copyTarget = new byte[bytes.Length];

        async Task CopyAsync()
        {
            await using var source = new MemoryStream(bytes, writable: false);
            await using var target = new MemoryStream(copyTarget);
            await source.CopyToAsync(target);
        }

        Task Walk(bool checkCrcs)
        {
            GC.KeepAlive(FrameWalk.Count(bytes, checkCrcs));
            return Task.CompletedTask;
        }

        async Task ReadAsync()
        {
            var reader = new EventStreamReader(new MemoryStream(bytes, writable: false));
            var frames = 0;
            while (await reader.ReadAsync(CancellationToken.None) is not null)
            {
                frames++;
            }

            GC.KeepAlive(frames);
        }

        async Task AssembleAsync()
        {
            var reader = new EventStreamReader(new MemoryStream(bytes, writable: false));
            var assembler = new ConverseStreamAssembler("bench", null);
            var updates = 0;
            while (await reader.ReadAsync(CancellationToken.None) is { } message)
            {
                if (assembler.Handle(message) is not null)
                {
                    updates++;
                }
            }

            GC.KeepAlive(updates);
        }

        (string Name, Func<Task> Action)[] cases =
        [
            ("baseline  memory copy", CopyAsync),
            ("baseline  frame walk by length prefix", () => Walk(checkCrcs: false)),
            ("baseline  frame walk + both CRCs per frame", () => Walk(checkCrcs: true)),
            ("reader    EventStreamReader (CRCs, headers)", ReadAsync),
            ("assembler reader + JSON -> ChatResponseUpdate", AssembleAsync),
        ];
        var results = cases.ToDictionary(c => c.Name, _ => new List<double>());
        // Warm up long enough for tiered compilation to replace every method with optimised code
        // (it waits for 100 ms without new tier-0 methods before promoting hot ones).
        var warmUntil = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < warmUntil)
        {
            foreach (var (_, action) in cases)
            {
                await action();
            }

            await Task.Delay(20);
        }

        for (var i = 0; i < iterations; i++)
        {
            foreach (var (name, action) in cases)
            {
                results[name].Add(await Measure.ThroughputAsync(bytes.Length, action));
            }
        }

        Console.WriteLine($"Event-stream decoding of {bytes.Length / 1e6:F1} MB (20,000 frames), median of {iterations} passes (MB/s):");
        var copy = Measure.Median(results[cases[0].Name]);
        foreach (var (name, _) in cases)
        {
            var median = Measure.Median(results[name]);
            Console.WriteLine($"  {name,-48} {median,9:F0}   ({median / copy:P1} of memory copy)");
        }
    }

    private static byte[] BuildStream(int frames)
    {
        using var stream = new MemoryStream();
        stream.Write(EventStreamEncoder.Event("messageStart", """{"role":"assistant"}"""));
        for (var i = 0; i < frames; i++)
        {
            stream.Write(EventStreamEncoder.Event("contentBlockDelta",
                $$"""{"contentBlockIndex":0,"delta":{"text":"Revenue in region {{i % 7}} grew by {{i % 13}} percent over the previous quarter. "},"p":"abcdefghij"}"""));
        }

        stream.Write(EventStreamEncoder.Event("messageStop", """{"stopReason":"end_turn"}"""));
        return stream.ToArray();
    }
}
