namespace Orchestrator.Cortex.Search;

/// <summary>How a column of a search service can be filtered.</summary>
public enum SearchColumnKind
{
    /// <summary>Searched text; returned, not filtered.</summary>
    Text,
    /// <summary>A text attribute: <c>@eq</c>.</summary>
    Attribute,
    /// <summary>An array attribute: <c>@contains</c>.</summary>
    Array,
    /// <summary>A number: <c>@eq</c>, <c>@gte</c>, <c>@lte</c>.</summary>
    Number,
    /// <summary>A date: <c>@eq</c>, <c>@gte</c>, <c>@lte</c>.</summary>
    Date,
}

/// <summary>A column of a search service: its name in requests, its SQL column and its kind.</summary>
public sealed record SearchColumn(string Name, string SqlColumn, SearchColumnKind Kind);
