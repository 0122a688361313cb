using System.Text.Json;
using System.Text.Json.Serialization;

namespace Orchestrator.Cortex.Analyst;

/// <summary>The JSON settings of Cortex's REST dialect: snake_case names, nulls omitted.</summary>
public static class CortexJson
{
    /// <summary>Serializer options for Cortex request and response bodies.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Serializer options that keep property names as written: for payloads built with Snowflake's
    /// exact names, which mix snake_case (Cortex) and camelCase (embedded SQL API result sets).
    /// </summary>
    public static JsonSerializerOptions Verbatim { get; } = new(JsonSerializerDefaults.General)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>A reference to a semantic model, as in <c>semantic_models</c>.</summary>
public sealed record SemanticModelReference(string? SemanticModelFile, string? SemanticView, string? InlineSemanticModel);

/// <summary>The body of <c>POST /api/v2/cortex/analyst/message</c>.</summary>
public sealed record SendMessageRequest
{
    public IReadOnlyList<AnalystMessage>? Messages { get; init; }

    public string? SemanticModelFile { get; init; }

    public string? SemanticModel { get; init; }

    public string? SemanticView { get; init; }

    public IReadOnlyList<SemanticModelReference>? SemanticModels { get; init; }

    public bool Stream { get; init; }

    public string? Operation { get; init; }

    public string? Warehouse { get; init; }
}

/// <summary>A message of the conversation: <c>user</c> or <c>analyst</c>.</summary>
public sealed record AnalystMessage(string? Role, IReadOnlyList<MessageContent> Content);

/// <summary>
/// One content item; <see cref="Type"/> says which of the other properties is set
/// (text → text, sql → statement and confidence, suggestions → suggestions).
/// </summary>
public sealed record MessageContent
{
    public required string Type { get; init; }

    public string? Text { get; init; }

    public string? Statement { get; init; }

    public Confidence? Confidence { get; init; }

    public IReadOnlyList<string>? Suggestions { get; init; }

    public static MessageContent FromText(string text) => new() { Type = "text", Text = text };

    public static MessageContent FromSql(string statement, VerifiedQueryUsed? used) => new() { Type = "sql", Statement = statement, Confidence = new Confidence(used) };

    public static MessageContent FromSuggestions(IReadOnlyList<string> suggestions) => new() { Type = "suggestions", Suggestions = suggestions };
}

/// <summary>What the SQL was based on.</summary>
public sealed record Confidence(VerifiedQueryUsed? VerifiedQueryUsed);

/// <summary>The verified query an answer used.</summary>
public sealed record VerifiedQueryUsed(string Name, string Question, string Sql, long? VerifiedAt, string? VerifiedBy);

/// <summary>A warning about the answer.</summary>
public sealed record AnalystWarning(string Message);

/// <summary>The non-streaming response of the message endpoint.</summary>
public sealed record SendMessageResponse(AnalystMessage Message, string RequestId, IReadOnlyList<AnalystWarning> Warnings, IReadOnlyDictionary<string, object?> ResponseMetadata);

/// <summary>The body of <c>POST /api/v2/cortex/analyst/feedback</c>.</summary>
public sealed record SendFeedbackRequest(string? RequestId, bool? Positive, string? FeedbackMessage);

/// <summary>Snowflake's ErrorResponse: <c>message</c>, <c>code</c>, <c>error_code</c>, <c>request_id</c>.</summary>
public sealed record CortexError(string Message, string Code, string RequestId)
{
    /// <summary>The deprecated duplicate of <see cref="Code"/> that Snowflake still sends.</summary>
    public string ErrorCode => Code;
}
