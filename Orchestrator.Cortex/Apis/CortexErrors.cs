using Orchestrator.Cortex.Analyst;

namespace Orchestrator.Cortex.Apis;

/// <summary>
/// Errors in Snowflake's own ErrorResponse shape (<c>message</c>, <c>code</c>, <c>error_code</c>,
/// <c>request_id</c>): the gateway emulates Snowflake's API, so its clients parse these, not ProblemDetails.
/// </summary>
public static class CortexErrors
{
    /// <summary>The request body or parameters are malformed.</summary>
    public const string BadRequestCode = "390400";

    /// <summary>The named object (semantic model, search service, statement) does not exist.</summary>
    public const string NotFoundCode = "390404";

    /// <summary>The request is well-formed but refused (e.g. unsafe SQL).</summary>
    public const string UnprocessableCode = "390422";

    /// <summary>An error response with <paramref name="status"/>.</summary>
    public static IResult Error(int status, string code, string message) =>
        Results.Json(new CortexError(message, code, Guid.NewGuid().ToString()), CortexJson.Options, statusCode: status);

    /// <summary>400 with <paramref name="message"/>.</summary>
    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, BadRequestCode, message);

    /// <summary>404 with <paramref name="message"/>.</summary>
    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, NotFoundCode, message);
}
