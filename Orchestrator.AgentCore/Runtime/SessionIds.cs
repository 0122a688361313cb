namespace Orchestrator.AgentCore.Runtime;

/// <summary>The AgentCore Runtime session header and the rules a session id follows.</summary>
public static class SessionIds
{
    public const string Header = "X-Amzn-Bedrock-AgentCore-Runtime-Session-Id";

    /// <summary>AgentCore's own limits: at least 33 characters (a UUID fits), at most 256.</summary>
    public const int MinLength = 33;
    public const int MaxLength = 256;

    public static string New() => Guid.NewGuid().ToString();

    /// <summary>True for ids of the allowed length made of letters, digits, '-' and '_'.</summary>
    public static bool IsValid(string value) =>
        value.Length is >= MinLength and <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
