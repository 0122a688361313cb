namespace Orchestrator.Cortex.Search;

/// <summary>Where the local search service lives in Snowflake's naming (section <c>Cortex:Search</c>).</summary>
public sealed class SearchOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cortex:Search";

    /// <summary>The database in the request path (<c>Cortex:Search:Database</c>, case-insensitive).</summary>
    public string Database { get; set; } = "WAREHOUSE";

    /// <summary>The schema in the request path (<c>Cortex:Search:Schema</c>, case-insensitive).</summary>
    public string Schema { get; set; } = "PUBLIC";
}
