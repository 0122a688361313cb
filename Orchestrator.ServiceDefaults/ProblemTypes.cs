namespace Orchestrator.ServiceDefaults;

/// <summary>
/// Stable <c>type</c> URIs for the problems the orchestrator reports. Generic statuses point at
/// their RFC 9110 section; orchestrator-specific problems have their own names that clients can
/// switch on, and that never change once published.
/// </summary>
public static class ProblemTypes
{
    private const string Base = "https://github.com/multi-agent-orchestrator/problems/";

    public const string MalformedRequest = Base + "malformed-request";
    public const string PayloadTooLarge = Base + "payload-too-large";
    public const string ValidationFailed = Base + "validation-failed";
    public const string NotFound = Base + "not-found";
    public const string Conflict = Base + "conflict";
    public const string Unauthorized = Base + "unauthorized";
    public const string Forbidden = Base + "forbidden";
    public const string RateLimited = Base + "rate-limited";
    public const string UpstreamFailed = Base + "upstream-failed";
    public const string UpstreamTimeout = Base + "upstream-timeout";
    public const string Unavailable = Base + "unavailable";
    public const string Internal = Base + "internal-error";

    /// <summary>The generic type for an HTTP status, used when a handler did not name one.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        409 => Conflict,
        413 => PayloadTooLarge,
        422 => ValidationFailed,
        429 => RateLimited,
        502 => UpstreamFailed,
        503 => Unavailable,
        504 => UpstreamTimeout,
        _ => status >= 500 ? Internal : Base + status,
    };
}
