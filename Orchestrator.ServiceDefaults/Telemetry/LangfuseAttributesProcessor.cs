using System.Diagnostics;
using OpenTelemetry;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// Stamps every span with Langfuse's environment and release, and copies the session and user of
/// the request (set as baggage at the edge) onto each span, so every observation of a trace is
/// filterable by them in Langfuse.
/// </summary>
public sealed class LangfuseAttributesProcessor(string environment, string release) : BaseProcessor<Activity>
{
    public const string SessionIdAttribute = "langfuse.session.id";
    public const string UserIdAttribute = "langfuse.user.id";

    public override void OnStart(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.SetTag("langfuse.environment", environment);
        data.SetTag("langfuse.release", release);
        if (data.GetBaggageItem(SessionIdAttribute) is { } session && data.GetTagItem(SessionIdAttribute) is null)
        {
            data.SetTag(SessionIdAttribute, session);
        }

        if (data.GetBaggageItem(UserIdAttribute) is { } user && data.GetTagItem(UserIdAttribute) is null)
        {
            data.SetTag(UserIdAttribute, user);
        }
    }
}
