using Orchestrator.Tests.Infrastructure;

namespace AgentCore.Bench;

/// <summary>
/// Orchestration overhead per request from its trace: the agentcore server span's duration minus the
/// time covered by model, embedding and database spans (merged, so overlapping spans count once).
/// </summary>
internal static class TraceOverhead
{
    // EdgeOnlyMs: the edge's own share, also leaving out the time inside downstream services' spans.
    public sealed record Breakdown(double LatencyMs, double ModelEmbeddingDbMs, double OverheadMs, double EdgeOnlyMs);

    public static List<Breakdown> Compute(IReadOnlyCollection<ReceivedSpan> spans, IEnumerable<string> traceIds, string edgeService)
    {
        var byTrace = spans.GroupBy(s => s.TraceId).ToDictionary(g => g.Key, g => g.ToList());
        var result = new List<Breakdown>();
        foreach (var traceId in traceIds)
        {
            if (!byTrace.TryGetValue(traceId, out var trace))
            {
                continue;
            }

            // The edge's incoming request span: the edge span whose parent is not the edge's (the load generator's, or none).
            // (Its HttpClient span to graph is also named "POST", so the name alone does not tell them apart.)
            var edgeIds = trace.Where(s => s.ServiceName == edgeService).Select(s => s.SpanId).ToHashSet();
            var root = trace.FirstOrDefault(s => s.ServiceName == edgeService && !edgeIds.Contains(s.ParentSpanId) && s.Name.StartsWith("POST", StringComparison.Ordinal));
            if (root is null || root.EndUnixNano <= root.StartUnixNano)
            {
                continue;
            }

            var excluded = Covered(root, trace.Where(IsModelEmbeddingOrDatabase));
            var edgeSpans = trace.Where(s => s.ServiceName == edgeService).Select(s => s.SpanId).ToHashSet();
            var downstream = Covered(root, trace.Where(s => IsModelEmbeddingOrDatabase(s) || (s.ServiceName != edgeService && edgeSpans.Contains(s.ParentSpanId))));
            var latency = (root.EndUnixNano - root.StartUnixNano) / 1e6;
            result.Add(new Breakdown(latency, excluded / 1e6, latency - (excluded / 1e6), latency - (downstream / 1e6)));
        }

        return result;
    }

    private static ulong Covered(ReceivedSpan root, IEnumerable<ReceivedSpan> spans) =>
        Merge(spans.Select(s => (Math.Max(s.StartUnixNano, root.StartUnixNano), Math.Min(s.EndUnixNano, root.EndUnixNano))).Where(i => i.Item2 > i.Item1));

    private static bool IsModelEmbeddingOrDatabase(ReceivedSpan span) =>
        span.Attributes.ContainsKey("db.system") || span.Attributes.ContainsKey("db.system.name")
        || span.Attributes.TryGetValue("gen_ai.operation.name", out var operation) && operation is "chat" or "embeddings" or "text_completion";

    internal static ulong Merge(IEnumerable<(ulong Start, ulong End)> intervals)
    {
        ulong total = 0, currentStart = 0, currentEnd = 0;
        var any = false;
        foreach (var (start, end) in intervals.OrderBy(i => i.Start))
        {
            if (!any || start > currentEnd)
            {
                total += any ? currentEnd - currentStart : 0;
                (currentStart, currentEnd, any) = (start, end, true);
            }
            else if (end > currentEnd)
            {
                currentEnd = end;
            }
        }

        return total + (any ? currentEnd - currentStart : 0);
    }
}
