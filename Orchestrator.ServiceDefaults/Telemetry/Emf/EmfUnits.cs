namespace Orchestrator.ServiceDefaults.Telemetry.Emf;

/// <summary>OpenTelemetry (UCUM) units to the units CloudWatch accepts.</summary>
public static class EmfUnits
{
    /// <summary>
    /// The CloudWatch unit of an instrument unit: time and byte units map one to one, annotations such as
    /// <c>{token}</c> are counts, and anything else is <c>None</c> (CloudWatch rejects unknown units).
    /// </summary>
    public static string From(string? unit) => unit switch
    {
        "s" => "Seconds",
        "ms" => "Milliseconds",
        "us" => "Microseconds",
        "By" => "Bytes",
        "kBy" => "Kilobytes",
        "MBy" => "Megabytes",
        "GBy" => "Gigabytes",
        "bit" => "Bits",
        "By/s" => "Bytes/Second",
        "%" => "Percent",
        "1" or null or "" => "None",
        ['{', .., '}'] => "Count",
        _ => "None",
    };
}
