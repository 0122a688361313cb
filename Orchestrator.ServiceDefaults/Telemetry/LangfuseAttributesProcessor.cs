using System.Diagnostics;
using OpenTelemetry;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>Stamps every span with Langfuse's environment and release, so traces are filterable by deployment.</summary>
public sealed class LangfuseAttributesProcessor(string environment, string release) : BaseProcessor<Activity>
{
    public override void OnStart(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.SetTag("langfuse.environment", environment);
        data.SetTag("langfuse.release", release);
    }
}
