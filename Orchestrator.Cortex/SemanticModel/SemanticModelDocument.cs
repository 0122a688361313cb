namespace Orchestrator.Cortex.SemanticModel;

/// <summary>
/// A semantic model in Snowflake's Cortex Analyst YAML specification: logical tables over physical
/// ones, with dimensions, time dimensions, facts, metrics and filters, the relationships between
/// tables, and verified (question, SQL) pairs.
/// </summary>
public sealed class SemanticModelDocument
{
    /// <summary>The model's name; how requests refer to it.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>What the model covers.</summary>
    public string? Description { get; set; }

    /// <summary>The logical tables.</summary>
    public List<LogicalTable> Tables { get; set; } = [];

    /// <summary>How the logical tables join.</summary>
    public List<Relationship> Relationships { get; set; } = [];

    /// <summary>Questions with SQL known to answer them.</summary>
    public List<VerifiedQuery> VerifiedQueries { get; set; } = [];

    /// <summary>Free-text instructions for SQL generation.</summary>
    public string? CustomInstructions { get; set; }
}

/// <summary>A logical table over one physical table.</summary>
public sealed class LogicalTable
{
    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public List<string> Synonyms { get; set; } = [];

    /// <summary>The physical table.</summary>
    public BaseTable BaseTable { get; set; } = new();

    public PrimaryKey? PrimaryKey { get; set; }

    public List<Column> Dimensions { get; set; } = [];

    public List<Column> TimeDimensions { get; set; } = [];

    public List<Column> Facts { get; set; } = [];

    public List<Column> Metrics { get; set; } = [];

    public List<NamedFilter> Filters { get; set; } = [];

    /// <summary>Every named column of the table: dimensions, time dimensions, facts and metrics.</summary>
    public IEnumerable<Column> AllColumns => Dimensions.Concat(TimeDimensions).Concat(Facts).Concat(Metrics);
}

/// <summary>The physical location of a logical table.</summary>
public sealed class BaseTable
{
    public string? Database { get; set; }

    public string? Schema { get; set; }

    public string Table { get; set; } = string.Empty;
}

/// <summary>The columns that identify a row.</summary>
public sealed class PrimaryKey
{
    public List<string> Columns { get; set; } = [];
}

/// <summary>A dimension, time dimension, fact or metric.</summary>
public sealed class Column
{
    public string Name { get; set; } = string.Empty;

    public List<string> Synonyms { get; set; } = [];

    public string? Description { get; set; }

    /// <summary>The SQL expression over the table's columns.</summary>
    public string Expr { get; set; } = string.Empty;

    /// <summary>The Snowflake data type (TEXT, NUMBER, DATE, …).</summary>
    public string? DataType { get; set; }

    public bool Unique { get; set; }

    public bool IsEnum { get; set; }

    public List<string> SampleValues { get; set; } = [];
}

/// <summary>A named, reusable condition.</summary>
public sealed class NamedFilter
{
    public string Name { get; set; } = string.Empty;

    public List<string> Synonyms { get; set; } = [];

    public string? Description { get; set; }

    public string Expr { get; set; } = string.Empty;
}

/// <summary>A join between two logical tables.</summary>
public sealed class Relationship
{
    public string Name { get; set; } = string.Empty;

    public string LeftTable { get; set; } = string.Empty;

    public string RightTable { get; set; } = string.Empty;

    public List<RelationshipColumn> RelationshipColumns { get; set; } = [];

    /// <summary><c>left_outer</c> or <c>inner</c>.</summary>
    public string JoinType { get; set; } = "left_outer";

    /// <summary><c>many_to_one</c> or <c>one_to_one</c>.</summary>
    public string RelationshipType { get; set; } = "many_to_one";
}

/// <summary>A pair of joined columns.</summary>
public sealed class RelationshipColumn
{
    public string LeftColumn { get; set; } = string.Empty;

    public string RightColumn { get; set; } = string.Empty;
}

/// <summary>A question with SQL verified to answer it.</summary>
public sealed class VerifiedQuery
{
    public string Name { get; set; } = string.Empty;

    public string Question { get; set; } = string.Empty;

    public string Sql { get; set; } = string.Empty;

    public long? VerifiedAt { get; set; }

    public string? VerifiedBy { get; set; }

    public bool UseAsOnboardingQuestion { get; set; }
}
