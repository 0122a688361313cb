using System.Net;
using System.Text.Json;

namespace Orchestrator.Cortex.Snowflake;

/// <summary>Snowflake refused or failed a request; carries its error code and SQL state.</summary>
public sealed class SnowflakeException : Exception
{
    public SnowflakeException() { }

    public SnowflakeException(string message) : base(message) { }

    public SnowflakeException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The HTTP status Snowflake answered with.</summary>
    public HttpStatusCode StatusCode { get; init; }

    /// <summary>Snowflake's error code (e.g. <c>002003</c>), when it sent one.</summary>
    public string? Code { get; init; }

    /// <summary>The SQL state, when the failure is a SQL error.</summary>
    public string? SqlState { get; init; }

    /// <summary>Builds the exception from an error body in any of Snowflake's error shapes.</summary>
    public static SnowflakeException From(HttpStatusCode status, JsonElement body)
    {
        string? Get(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new SnowflakeException($"Snowflake answered {(int)status}: {Get("message") ?? "no message"}")
        {
            StatusCode = status,
            Code = Get("code") ?? Get("error_code"),
            SqlState = Get("sqlState"),
        };
    }
}
