using System.Diagnostics;
using OpenTelemetry;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// Copies the session and user ids carried as baggage (<see cref="TraceIdentity.PropagatedKeys"/>,
/// nothing else) onto each span that does not have them, so every observation of a trace, in every
/// service, is filterable by session and user.
/// </summary>
/// <remarks>
/// Spans get the ids when they start. A service's incoming HTTP span starts before its baggage is read
/// from the request, so with <paramref name="trustIncoming"/> the ids are also copied when a span ends.
/// The public edge does not trust its callers' baggage: it clears it and sets its own.
/// </remarks>
public sealed class TraceIdentityProcessor(bool trustIncoming) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data) => Copy(data);

    public override void OnEnd(Activity data)
    {
        if (trustIncoming)
        {
            Copy(data);
        }
    }

    private static void Copy(Activity span)
    {
        ArgumentNullException.ThrowIfNull(span);
        foreach (var key in TraceIdentity.PropagatedKeys)
        {
            if (span.GetTagItem(key) is null && Baggage.GetBaggage(key) is { Length: > 0 } value)
            {
                span.SetTag(key, value);
            }
        }
    }
}
