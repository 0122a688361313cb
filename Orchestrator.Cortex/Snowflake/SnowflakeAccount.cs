using System.Text.RegularExpressions;

namespace Orchestrator.Cortex.Snowflake;

/// <summary>How Snowflake wants the account written inside a key-pair JWT.</summary>
public static partial class SnowflakeAccount
{
    private static readonly HashSet<string> CloudSuffixes = new(StringComparer.OrdinalIgnoreCase) { "aws", "azure", "gcp", "privatelink" };

    /// <summary>
    /// Normalises an account identifier for the <c>iss</c> and <c>sub</c> claims: upper case; for a
    /// legacy account locator carrying region or cloud segments (<c>xy12345.us-east-2.aws</c>) only
    /// the locator before the first '.' (Snowflake's instructions: exclude the region from the
    /// locator); for a replication <c>.global</c> identifier the part before the first '-'; otherwise
    /// (the preferred <c>orgname-accountname</c> form) any '.' becomes '-'.
    /// </summary>
    public static string NormalizeForJwt(string account)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        var value = account.Trim();
        const string host = ".snowflakecomputing.com";
        if (value.EndsWith(host, StringComparison.OrdinalIgnoreCase))
        {
            value = value[..^host.Length];
        }

        var segments = value.Split('.');
        if (segments.Length > 1 && segments.Any(s => s.Equals("global", StringComparison.OrdinalIgnoreCase)))
        {
            var dash = value.IndexOf('-', StringComparison.Ordinal);
            return (dash > 0 ? value[..dash] : segments[0]).ToUpperInvariant();
        }

        if (segments.Length > 1 && (CloudSuffixes.Contains(segments[^1]) || RegionPattern().IsMatch(segments[1])))
        {
            return segments[0].ToUpperInvariant();
        }

        return value.Replace('.', '-').ToUpperInvariant();
    }

    // Cloud regions look like "us-east-2", "eu-central-1", "east-us-2", "ap-southeast-2".
    [GeneratedRegex("^[a-z]+(-[a-z]+)+-[0-9]+$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
