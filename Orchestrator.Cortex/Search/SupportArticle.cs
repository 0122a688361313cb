namespace Orchestrator.Cortex.Search;

/// <summary>A support or policy article of the search corpus.</summary>
public sealed record SupportArticle(
    int ArticleId,
    string Title,
    string Body,
    string Category,
    string DocType,
    string Region,
    string ProductLine,
    IReadOnlyList<string> Tags,
    DateOnly PublishedOn,
    int ViewCount,
    int HelpfulVotes);
