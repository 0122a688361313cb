namespace Orchestrator.Graph.Workflows;

/// <summary>
/// The state of the "orchestrator" workflow. <c>messages</c> is the conversation, kept across turns
/// on the thread; the rest describe the current turn and are reset when a turn starts. AgentCore may
/// pass <c>route</c>, <c>route_confidence</c>, <c>question_embedding</c> and <c>history</c> in the run
/// input, so nothing it computed is computed again here.
/// </summary>
public static class OrchestratorChannels
{
    public const string Messages = "messages";
    public const string History = "history";
    public const string Route = "route";
    public const string RouteConfidence = "route_confidence";
    public const string RouteReason = "route_reason";
    public const string QuestionEmbedding = "question_embedding";

    /// <summary>The model that produced <see cref="QuestionEmbedding"/> (only ever in <c>config.configurable</c>, never a channel).</summary>
    public const string QuestionEmbeddingModel = "question_embedding_model";
    public const string Explanation = "explanation";
    public const string Sql = "sql";
    public const string Columns = "columns";
    public const string Rows = "rows";
    public const string Suggestions = "suggestions";
    public const string Citations = "citations";

    /// <summary>The channels a new turn clears (the route and embedding come fresh with each input, or are decided again).</summary>
    public static readonly string[] PerTurn = [Explanation, Sql, Columns, Rows, Suggestions, Citations];

    /// <summary>Every channel besides <see cref="Messages"/>.</summary>
    public static readonly string[] LastValue = [History, Route, RouteConfidence, RouteReason, QuestionEmbedding, .. PerTurn];
}
