using System.Globalization;
using System.Text;
using Orchestrator.Tests.Infrastructure;

namespace AgentCore.Bench;

/// <summary>
/// One request's spans as a tree with start offsets and durations, so the gaps between them (time no
/// span explains) can be read directly. Picks the trace whose duration is the median of the run.
/// </summary>
internal static class TraceTimeline
{
    public static string Describe(IReadOnlyCollection<ReceivedSpan> spans, IReadOnlyCollection<string> traceIds)
    {
        var wanted = traceIds.ToHashSet();
        var traces = spans.Where(s => wanted.Contains(s.TraceId)).GroupBy(s => s.TraceId)
            .Select(g => g.ToList())
            .Select(t => (Spans: t, Duration: t.Max(s => s.EndUnixNano) - t.Min(s => s.StartUnixNano)))
            .OrderBy(t => t.Duration)
            .ToList();
        if (traces.Count == 0)
        {
            return "(no traces)";
        }

        var trace = traces[traces.Count / 2].Spans;
        var start = trace.Min(s => s.StartUnixNano);
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        var children = trace.ToLookup(s => ids.Contains(s.ParentSpanId) ? s.ParentSpanId : "");
        var text = new StringBuilder();
        void Write(ReceivedSpan span, int depth)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(span.StartUnixNano - start) / 1e6,8:F3} {(span.EndUnixNano - span.StartUnixNano) / 1e6,8:F3}  {new string(' ', depth * 2)}{span.ServiceName}: {span.Name}\n");
            foreach (var child in children[span.SpanId].OrderBy(s => s.StartUnixNano))
            {
                Write(child, depth + 1);
            }
        }

        foreach (var root in children[""].OrderBy(s => s.StartUnixNano))
        {
            Write(root, 0);
        }

        return text.ToString();
    }
}
