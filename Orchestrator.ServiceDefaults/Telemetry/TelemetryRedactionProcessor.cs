using System.Diagnostics;
using OpenTelemetry;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// Runs before every exporter: removes attributes that can hold secrets (credentials, keys,
/// tokens, connection strings) and, unless content capture is on, the prompt and completion text
/// of model calls. Exporters never see what this removes.
/// </summary>
public sealed class TelemetryRedactionProcessor(bool captureContent) : BaseProcessor<Activity>
{
    private static readonly string[] SecretFragments =
        ["authorization", "password", "secret", "api_key", "apikey", "api.key", "token", "connection_string", "connectionstring", "cookie", "x-amz-security"];

    private static readonly string[] ContentKeys =
        ["gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions", "gen_ai.prompt", "gen_ai.completion", "input.value", "output.value", "langfuse.observation.input", "langfuse.observation.output", "langfuse.trace.input", "langfuse.trace.output"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        List<string>? remove = null;
        foreach (var tag in data.TagObjects)
        {
            if (IsSecret(tag.Key) || (!captureContent && IsContent(tag.Key)))
            {
                (remove ??= []).Add(tag.Key);
            }
        }

        if (remove is not null)
        {
            foreach (var key in remove)
            {
                data.SetTag(key, null);
            }
        }
    }

    /// <summary>True for attribute names that can carry credentials (token counts are not secrets).</summary>
    public static bool IsSecret(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var lower = key.ToLowerInvariant();
        return !lower.Contains("tokens", StringComparison.Ordinal) && !lower.EndsWith(".token_type", StringComparison.Ordinal) &&
            SecretFragments.Any(fragment => lower.Contains(fragment, StringComparison.Ordinal));
    }

    public static bool IsContent(string key) => ContentKeys.Contains(key, StringComparer.Ordinal);
}
