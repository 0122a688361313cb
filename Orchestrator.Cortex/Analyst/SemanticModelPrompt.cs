using System.Text;
using Orchestrator.Cortex.SemanticModel;

namespace Orchestrator.Cortex.Analyst;

/// <summary>Renders a semantic model as the system prompt for text-to-SQL.</summary>
public static class SemanticModelPrompt
{
    /// <summary>The prompt: rules, tables with their columns, relationships, and verified queries as examples.</summary>
    public static string Build(SemanticModelDocument model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var prompt = new StringBuilder();
        prompt.AppendLine("You translate business questions into one PostgreSQL query over the semantic model below.");
        prompt.AppendLine("Rules: write exactly one SELECT (or WITH … SELECT) statement; use only the tables and columns listed;");
        prompt.AppendLine("no comments, no semicolons between statements, no DML or DDL. Answer with one sentence explaining the");
        prompt.AppendLine("interpretation, then the SQL in a ```sql fenced block. If the model cannot answer the question, say so and write no SQL.");
        prompt.AppendLine();
        prompt.AppendLine($"Semantic model: {model.Name}. {model.Description}");
        foreach (var table in model.Tables)
        {
            prompt.AppendLine();
            prompt.AppendLine($"Table {table.BaseTable.Table} (logical name {table.Name}): {table.Description}");
            AppendColumns(prompt, "dimension", table.Dimensions);
            AppendColumns(prompt, "time dimension", table.TimeDimensions);
            AppendColumns(prompt, "fact", table.Facts);
            AppendColumns(prompt, "metric", table.Metrics);
            foreach (var filter in table.Filters)
            {
                prompt.AppendLine($"  - filter {filter.Name}: {filter.Expr} — {filter.Description}");
            }
        }

        prompt.AppendLine();
        prompt.AppendLine("Relationships:");
        var tables = model.Tables.ToDictionary(t => t.Name, t => t.BaseTable.Table, StringComparer.Ordinal);
        foreach (var relationship in model.Relationships)
        {
            var on = string.Join(" AND ", relationship.RelationshipColumns.Select(c => $"{tables[relationship.LeftTable]}.{c.LeftColumn} = {tables[relationship.RightTable]}.{c.RightColumn}"));
            prompt.AppendLine($"  - {relationship.Name}: {tables[relationship.LeftTable]} {relationship.RelationshipType} {tables[relationship.RightTable]} ON {on}");
        }

        if (!string.IsNullOrWhiteSpace(model.CustomInstructions))
        {
            prompt.AppendLine();
            prompt.AppendLine("Instructions: " + model.CustomInstructions.Trim());
        }

        prompt.AppendLine();
        prompt.AppendLine("Examples of verified questions and their SQL:");
        foreach (var query in model.VerifiedQueries)
        {
            prompt.AppendLine($"Q: {query.Question}");
            prompt.AppendLine("```sql");
            prompt.AppendLine(query.Sql.Trim());
            prompt.AppendLine("```");
        }

        return prompt.ToString();
    }

    private static void AppendColumns(StringBuilder prompt, string kind, IEnumerable<Column> columns)
    {
        foreach (var column in columns)
        {
            var synonyms = column.Synonyms.Count > 0 ? $" (also: {string.Join(", ", column.Synonyms)})" : string.Empty;
            var samples = column.SampleValues.Count > 0 ? $" e.g. {string.Join(", ", column.SampleValues)}" : string.Empty;
            prompt.AppendLine($"  - {kind} {column.Name} = {column.Expr} [{column.DataType}]{synonyms}: {column.Description}{samples}");
        }
    }
}
