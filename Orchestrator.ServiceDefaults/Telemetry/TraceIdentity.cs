using System.Diagnostics;
using OpenTelemetry;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// Who a trace belongs to and what it is called, in Langfuse's attribute names. The edge sets them
/// once per request; they travel to the other services as W3C baggage and
/// <see cref="TraceIdentityProcessor"/> copies them onto every span there.
/// </summary>
public static class TraceIdentity
{
    public const string SessionIdAttribute = "langfuse.session.id";
    public const string UserIdAttribute = "langfuse.user.id";
    public const string TraceNameAttribute = "langfuse.trace.name";
    public const string TraceTagsAttribute = "langfuse.trace.tags";

    /// <summary>The baggage keys copied onto spans; nothing else from baggage ever becomes an attribute.</summary>
    public static IReadOnlyList<string> PropagatedKeys { get; } = [SessionIdAttribute, UserIdAttribute];

    /// <summary>
    /// Sets the session and user of the current request: as baggage for every later span and
    /// outgoing call of this async flow, and as attributes on the spans already open in this process.
    /// </summary>
    /// <remarks>Call it from the request's own async method (an endpoint handler), not from a helper it awaits: baggage set in an awaited method does not flow back to the caller.</remarks>
    public static void Apply(string sessionId, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        Baggage.SetBaggage([new(SessionIdAttribute, sessionId), new(UserIdAttribute, userId)]);
        for (var span = Activity.Current; span is not null; span = span.Parent)
        {
            span.SetTag(SessionIdAttribute, sessionId);
            span.SetTag(UserIdAttribute, userId);
        }
    }

    /// <summary>Names the trace and adds tags on the outermost span of this process (the trace's root at the edge).</summary>
    public static void NameTrace(Activity? span, string name, params string[] tags)
    {
        if (Root(span) is not { } root)
        {
            return;
        }

        root.SetTag(TraceNameAttribute, name);
        AddTags(root, tags);
    }

    /// <summary>Adds tags to the trace (e.g. the route chosen, known only part-way through the request).</summary>
    public static void AddTags(Activity? span, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (Root(span) is not { } root)
        {
            return;
        }

        var existing = root.GetTagItem(TraceTagsAttribute) as string[] ?? [];
        root.SetTag(TraceTagsAttribute, existing.Union(tags, StringComparer.Ordinal).ToArray());
    }

    /// <summary>Sets a trace-level attribute (<c>langfuse.trace.input</c>, <c>…output</c>) on the outermost span of this process.</summary>
    /// <remarks>Content attributes are removed before export unless capture is on (see <see cref="TelemetryRedactionProcessor"/>).</remarks>
    public static void SetTraceAttribute(Activity? span, string key, string value) => Root(span)?.SetTag(key, value);

    private static Activity? Root(Activity? span)
    {
        while (span?.Parent is not null)
        {
            span = span.Parent;
        }

        return span;
    }
}
