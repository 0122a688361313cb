using Orchestrator.Tests.Infrastructure;

namespace AgentCore.Bench;

/// <summary>
/// What the hops between the services cost on their own: for each call from one service to another (an HttpClient
/// span whose child is the callee's request span), the caller's duration minus the callee's. That is the loopback
/// network, Aspire's local proxy in front of every service, and both HTTP stacks; on ECS the proxy is not there.
/// </summary>
/// <remarks>Only calls answered in one piece count: a streamed answer's server span outlives the client span, which ends at the headers.</remarks>
internal static class HopTransport
{
    public static (double HopsPerRequest, double PerHopMedianMs, double PerRequestMedianMs) Compute(IReadOnlyCollection<ReceivedSpan> spans, IReadOnlyCollection<string> traceIds)
    {
        var wanted = traceIds.ToHashSet();
        var perHop = new List<double>();
        var perRequest = new List<double>();
        foreach (var trace in spans.Where(s => wanted.Contains(s.TraceId)).GroupBy(s => s.TraceId))
        {
            var byId = trace.ToDictionary(s => s.SpanId);
            double total = 0;
            foreach (var server in trace)
            {
                if (byId.TryGetValue(server.ParentSpanId, out var client) && client.ServiceName != server.ServiceName && server.EndUnixNano <= client.EndUnixNano)
                {
                    var cost = ((client.EndUnixNano - client.StartUnixNano) - (server.EndUnixNano - server.StartUnixNano)) / 1e6;
                    perHop.Add(cost);
                    total += cost;
                }
            }

            perRequest.Add(total);
        }

        return (perHop.Count / (double)Math.Max(1, perRequest.Count), LoadRun.Percentile([.. perHop.Order()], 0.5), LoadRun.Percentile([.. perRequest.Order()], 0.5));
    }
}
