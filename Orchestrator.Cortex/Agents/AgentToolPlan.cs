using Orchestrator.Cortex.SemanticModel;

namespace Orchestrator.Cortex.Agents;

/// <summary>The tools a run may use, resolved against the local backend.</summary>
/// <param name="AnalystName">The analyst tool's name, or null when the request offers none.</param>
/// <param name="Model">The semantic model the analyst tool answers over.</param>
/// <param name="SearchName">The search tool's name, or null.</param>
/// <param name="SearchMaxResults">How many search results the answer uses.</param>
public sealed record AgentToolPlan(string? AnalystName, SemanticModelDocument? Model, string? SearchName, int SearchMaxResults);
