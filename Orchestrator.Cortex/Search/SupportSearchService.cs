namespace Orchestrator.Cortex.Search;

/// <summary>The local backend's one Cortex Search Service: the support and policy articles.</summary>
public static class SupportSearchService
{
    /// <summary>The service name in <c>…/cortex-search-services/{name}:query</c>.</summary>
    public const string Name = "support_search";

    /// <summary>The table the corpus lives in (in warehouse-db).</summary>
    public const string Table = "support_articles";

    /// <summary>The searched text column.</summary>
    public const string SearchColumn = "body";

    /// <summary>The columns a request may return or filter on.</summary>
    public static IReadOnlyDictionary<string, SearchColumn> Columns { get; } = new SearchColumn[]
    {
        new("article_id", "article_id", SearchColumnKind.Number),
        new("title", "title", SearchColumnKind.Text),
        new("body", "body", SearchColumnKind.Text),
        new("category", "category", SearchColumnKind.Attribute),
        new("doc_type", "doc_type", SearchColumnKind.Attribute),
        new("region", "region", SearchColumnKind.Attribute),
        new("product_line", "product_line", SearchColumnKind.Attribute),
        new("tags", "tags", SearchColumnKind.Array),
        new("published_on", "published_on", SearchColumnKind.Date),
        new("view_count", "view_count", SearchColumnKind.Number),
        new("helpful_votes", "helpful_votes", SearchColumnKind.Number),
    }.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
}
