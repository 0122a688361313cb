using System.ComponentModel.DataAnnotations;

namespace Orchestrator.Graph.Workflows;

/// <summary>When SQL needs a human's approval before it runs.</summary>
public enum SqlApprovalMode
{
    /// <summary>Never ask (the default: Cortex's guard already restricts SQL to one read-only statement).</summary>
    Never,

    /// <summary>Ask when the SQL matches one of <see cref="OrchestratorWorkflowOptions.ExpensiveSqlPatterns"/>.</summary>
    WhenExpensive,

    /// <summary>Ask before every statement.</summary>
    Always,
}

/// <summary>Settings of the "orchestrator" workflow (<c>Graph:Workflow</c>).</summary>
public sealed class OrchestratorWorkflowOptions
{
    public const string SectionName = "Graph:Workflow";

    /// <summary>The semantic model Cortex Analyst answers over (a stage path, as Snowflake names them).</summary>
    [Required]
    public string SemanticModelFile { get; set; } = "@WAREHOUSE.PUBLIC.MODELS/retail.yaml";

    /// <summary>The Cortex Search service the search agent queries.</summary>
    [Required]
    public string SearchServicePath { get; set; } = "/api/v2/databases/WAREHOUSE/schemas/PUBLIC/cortex-search-services/support_search:query";

    [Range(1, 20)]
    public int SearchResults { get; set; } = 3;

    /// <summary>Rows kept in the state and shown; the full result stays in Cortex.</summary>
    [Range(1, 1000)]
    public int MaxRowsInState { get; set; } = 50;

    public SqlApprovalMode SqlApproval { get; set; } = SqlApprovalMode.Never;

    /// <summary>Regular expressions (case-insensitive) that mark SQL as expensive, for <see cref="SqlApprovalMode.WhenExpensive"/>.</summary>
    public IList<string> ExpensiveSqlPatterns { get; } = [@"\bCROSS\s+JOIN\b", @"\border_lines\b(?![\s\S]*\b(WHERE|LIMIT)\b)"];

    /// <summary>Below this routing confidence the general agent asks the user to clarify.</summary>
    [Range(0.0, 1.0)]
    public double MinimumRouteConfidence { get; set; } = 0.3;
}
