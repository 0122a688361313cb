using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using Orchestrator.Graph.Engine;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.Graph.Runs;

/// <summary>
/// Carries a run's trace across the queue: captured from the request that creates the run, restored by the worker that
/// claims it, so the run's spans land in the caller's trace with the caller's session and user.
/// </summary>
public static class RunTraceContext
{
    private static readonly BaggagePropagator Propagator = new();

    /// <summary>The current request's traceparent, or null outside a W3C trace.</summary>
    public static string? CaptureParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The session and user of the current flow as a W3C baggage value; nothing else from baggage is kept.</summary>
    public static string? CaptureBaggage()
    {
        var identity = TraceIdentity.PropagatedKeys
            .Select(key => KeyValuePair.Create(key, Baggage.GetBaggage(key)))
            .Where(pair => !string.IsNullOrEmpty(pair.Value))
            .ToDictionary(pair => pair.Key, pair => pair.Value!);
        string? header = null;
        if (identity.Count > 0)
        {
            Propagator.Inject(new PropagationContext(default, Baggage.Create(identity)), identity, (_, _, value) => header = value);
        }

        return header;
    }

    /// <summary>
    /// In a worker, before it executes <paramref name="run"/>: a span for the claim, parented on the request that created
    /// the run, and that request's session and user as baggage. Dispose it when the run ends.
    /// </summary>
    public static IDisposable Restore(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var previousBaggage = Baggage.Current;
        if (run.TraceBaggage is { } stored)
        {
            var extracted = Propagator.Extract(default, stored, static (value, name) => name == "baggage" ? [value] : []);
            Baggage.Current = extracted.Baggage;
        }

        var parent = ActivityContext.TryParse(run.TraceParent, null, out var context) ? context : default;
        var claim = GraphTelemetry.Source.StartActivity("graph.run.claimed", ActivityKind.Consumer, parent);
        claim?.SetTag("orchestrator.graph.run_id", run.RunId);
        claim?.SetTag("orchestrator.graph.attempt", run.Attempt);
        return new Restored(claim, previousBaggage);
    }

    private sealed class Restored(Activity? claim, Baggage previousBaggage) : IDisposable
    {
        public void Dispose()
        {
            claim?.Dispose();
            Baggage.Current = previousBaggage;
        }
    }
}
