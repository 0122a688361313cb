using System.Data.Common;
using System.Globalization;

namespace Orchestrator.AI.Configuration;

/// <summary>
/// Parses the <c>chat-model</c> connection string:
/// <c>Provider=Bedrock;Model=...;Region=...[;Endpoint=...]</c>,
/// <c>Provider=OpenAI;Endpoint=...;Model=...[;Key=...]</c> or <c>Provider=Offline</c>.
/// An empty or missing string means Offline.
/// </summary>
public static class ChatModelConnectionString
{
    private static readonly string[] KnownParts = ["Provider", "Model", "Region", "Endpoint", "Key"];

    /// <summary>Parses <paramref name="value"/>; errors name <paramref name="configurationKey"/> and the offending part.</summary>
    /// <param name="value">The connection string, or null when it is not configured.</param>
    /// <param name="configurationKey">The key it was read from, e.g. <c>ConnectionStrings:chat-model</c>.</param>
    /// <exception cref="InvalidOperationException">The string is malformed, names an unknown provider or misses a required part.</exception>
    public static ChatModelSettings Parse(string? value, string configurationKey)
    {
        ArgumentNullException.ThrowIfNull(configurationKey);
        if (string.IsNullOrWhiteSpace(value))
        {
            return ChatModelSettings.Offline;
        }

        var parts = Split(value, configurationKey);
        var provider = ParseProvider(parts, configurationKey);
        var model = Get(parts, "Model");
        var region = Get(parts, "Region");
        var key = Get(parts, "Key");
        var endpointText = Get(parts, "Endpoint");

        switch (provider)
        {
            case ChatModelProvider.Offline:
                return ChatModelSettings.Offline;
            case ChatModelProvider.Bedrock:
                Require(model, configurationKey, "Model", "Model=anthropic.claude-3-5-haiku-20241022-v1:0 or an inference-profile ARN");
                Require(region, configurationKey, "Region", "Region=us-east-1");
                if (!IsRegionName(region!))
                {
                    throw Fail(configurationKey, "Region", $"'{region}' is not an AWS region name such as us-east-1.");
                }

                return new ChatModelSettings(provider, model, region, ParseEndpoint(endpointText, configurationKey));
            default:
                Require(endpointText, configurationKey, "Endpoint", "Endpoint=http://127.0.0.1:11434/v1");
                Require(model, configurationKey, "Model", "Model=llama3.2");
                return new ChatModelSettings(provider, model, null, ParseEndpoint(endpointText, configurationKey), key);
        }
    }

    private static Dictionary<string, string> Split(string value, string configurationKey)
    {
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = value;
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(
                $"Configuration key '{configurationKey}' is not a connection string of Key=Value pairs separated by ';': {e.Message}", e);
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string name in builder.Keys)
        {
            var known = Array.Find(KnownParts, k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase))
                ?? throw Fail(configurationKey, name, $"'{name}' is not a known part; use {string.Join(", ", KnownParts)}.");
            parts[known] = Convert.ToString(builder[name], CultureInfo.InvariantCulture)?.Trim() ?? "";
        }

        return parts;
    }

    private static ChatModelProvider ParseProvider(Dictionary<string, string> parts, string configurationKey)
    {
        var text = Get(parts, "Provider")
            ?? throw Fail(configurationKey, "Provider", "it is missing; set Provider=Bedrock, Provider=OpenAI or Provider=Offline.");
        return Enum.TryParse<ChatModelProvider>(text, ignoreCase: true, out var provider) && Enum.IsDefined(provider) && !int.TryParse(text, out _)
            ? provider
            : throw Fail(configurationKey, "Provider", $"'{text}' is not a known provider; use Bedrock, OpenAI or Offline.");
    }

    private static Uri? ParseEndpoint(string? text, string configurationKey)
    {
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) ||
            (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) ||
            !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw Fail(configurationKey, "Endpoint", $"'{text}' is not an absolute http:// or https:// address without query or fragment.");
        }

        // A base address must end in '/' or relative paths would replace its last segment.
        return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static bool IsRegionName(string region) =>
        region.Length is > 3 and < 32 && region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
        && region.Contains('-', StringComparison.Ordinal);

    private static string? Get(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static void Require(string? value, string configurationKey, string part, string example)
    {
        if (value is null)
        {
            throw Fail(configurationKey, part, $"it is required for this provider, e.g. {example}.");
        }
    }

    private static InvalidOperationException Fail(string configurationKey, string part, string problem) =>
        new($"Configuration key '{configurationKey}' has a bad '{part}' part: {problem} " +
            "Set it in the AppHost's chat-model connection string or in configuration.");
}
