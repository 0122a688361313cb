using Orchestrator.Tests.Infrastructure;

namespace AgentCore.Bench;

/// <summary>
/// Where a request's time goes: for each span name, the median of its self time (its duration minus
/// its children's, merged) across the traces, so the biggest contributors can be read off the run.
/// </summary>
internal static class SelfTime
{
    public static IEnumerable<(string Name, double MedianMs, double TotalMsPerRequest, double CountPerRequest)> Top(IReadOnlyCollection<ReceivedSpan> spans, IReadOnlyCollection<string> traceIds, int top)
    {
        var wanted = traceIds.ToHashSet();
        var traces = spans.Where(s => wanted.Contains(s.TraceId)).GroupBy(s => s.TraceId).ToList();
        var selfTimes = new Dictionary<string, List<double>>();
        foreach (var trace in traces)
        {
            var children = trace.ToLookup(s => s.ParentSpanId);
            foreach (var span in trace)
            {
                var covered = TraceOverhead.Merge(children[span.SpanId].Select(c => (Math.Max(c.StartUnixNano, span.StartUnixNano), Math.Min(c.EndUnixNano, span.EndUnixNano))));
                var self = (span.EndUnixNano - span.StartUnixNano - Math.Min(covered, span.EndUnixNano - span.StartUnixNano)) / 1e6;
                var key = $"{span.ServiceName}: {span.Name}";
                (selfTimes.TryGetValue(key, out var list) ? list : selfTimes[key] = []).Add(self);
            }
        }

        return selfTimes
            .Select(p => (p.Key, LoadRun.Percentile([.. p.Value.Order()], 0.5), p.Value.Sum() / Math.Max(1, traces.Count), p.Value.Count / (double)Math.Max(1, traces.Count)))
            .OrderByDescending(p => p.Item3)
            .Take(top);
    }
}
