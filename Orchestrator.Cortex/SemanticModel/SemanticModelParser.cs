using Orchestrator.Cortex.Sql;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Orchestrator.Cortex.SemanticModel;

/// <summary>Reads and validates semantic-model YAML.</summary>
public static class SemanticModelParser
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    private static readonly HashSet<string> JoinTypes = new(StringComparer.Ordinal) { "left_outer", "inner" };
    private static readonly HashSet<string> RelationshipTypes = new(StringComparer.Ordinal) { "many_to_one", "one_to_one" };

    /// <summary>Parses and validates <paramref name="yaml"/>.</summary>
    /// <exception cref="SemanticModelException">The YAML is malformed or the model inconsistent; the message lists every problem.</exception>
    public static SemanticModelDocument Parse(string yaml)
    {
        SemanticModelDocument? model;
        try
        {
            model = Deserializer.Deserialize<SemanticModelDocument>(yaml ?? string.Empty);
        }
        catch (YamlException ex)
        {
            throw new SemanticModelException($"The semantic model is not valid YAML for the specification: {ex.Message}", ex);
        }

        if (model is null)
        {
            throw new SemanticModelException("The semantic model is empty.");
        }

        var problems = Validate(model);
        return problems.Count == 0 ? model : throw new SemanticModelException("The semantic model is invalid: " + string.Join(" ", problems));
    }

    /// <summary>Every inconsistency of <paramref name="model"/>: missing names, duplicates, dangling references, unsafe verified SQL.</summary>
    public static IReadOnlyList<string> Validate(SemanticModelDocument model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(model.Name))
        {
            problems.Add("name is required.");
        }

        if (model.Tables.Count == 0)
        {
            problems.Add("tables must list at least one table.");
        }

        Duplicates(model.Tables.Select(t => t.Name), "table", problems);
        foreach (var table in model.Tables)
        {
            if (string.IsNullOrWhiteSpace(table.Name) || string.IsNullOrWhiteSpace(table.BaseTable.Table))
            {
                problems.Add($"table '{table.Name}' needs a name and base_table.table.");
            }

            Duplicates(table.AllColumns.Select(c => c.Name).Concat(table.Filters.Select(f => f.Name)), $"column or filter of table '{table.Name}'", problems);
            problems.AddRange(table.AllColumns.Concat(table.Filters.Select(f => new Column { Name = f.Name, Expr = f.Expr }))
                .Where(c => string.IsNullOrWhiteSpace(c.Expr))
                .Select(c => $"'{table.Name}.{c.Name}' needs an expr."));
            problems.AddRange(table.PrimaryKey?.Columns.Where(c => !table.AllColumns.Any(d => d.Name == c || d.Expr == c)).Select(c => $"primary key column '{table.Name}.{c}' is not a column of the table.") ?? []);
        }

        var tables = model.Tables.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Duplicates(model.Relationships.Select(r => r.Name), "relationship", problems);
        foreach (var relationship in model.Relationships)
        {
            var known = tables.TryGetValue(relationship.LeftTable, out var left) & tables.TryGetValue(relationship.RightTable, out var right);
            if (!known)
            {
                problems.Add($"relationship '{relationship.Name}' joins a table the model does not define.");
                continue;
            }

            if (relationship.RelationshipColumns.Count == 0)
            {
                problems.Add($"relationship '{relationship.Name}' needs relationship_columns.");
            }

            foreach (var pair in relationship.RelationshipColumns)
            {
                if (!HasColumn(left!, pair.LeftColumn) || !HasColumn(right!, pair.RightColumn))
                {
                    problems.Add($"relationship '{relationship.Name}' joins on {pair.LeftColumn} = {pair.RightColumn}, which are not columns of its tables.");
                }
            }

            if (!JoinTypes.Contains(relationship.JoinType) || !RelationshipTypes.Contains(relationship.RelationshipType))
            {
                problems.Add($"relationship '{relationship.Name}' has join_type '{relationship.JoinType}' or relationship_type '{relationship.RelationshipType}' outside the specification.");
            }
        }

        Duplicates(model.VerifiedQueries.Select(q => q.Name), "verified query", problems);
        var policy = SqlSafetyPolicy.ForRelations(model.Tables.Select(t => t.BaseTable.Table));
        foreach (var query in model.VerifiedQueries)
        {
            if (string.IsNullOrWhiteSpace(query.Question) || string.IsNullOrWhiteSpace(query.Sql))
            {
                problems.Add($"verified query '{query.Name}' needs a question and sql.");
                continue;
            }

            var verdict = ReadOnlySqlGuard.Check(query.Sql, policy);
            if (!verdict.IsSafe)
            {
                problems.Add($"verified query '{query.Name}' is refused by the read-only check: {verdict.Reason}");
            }
        }

        return problems;
    }

    private static bool HasColumn(LogicalTable table, string column) =>
        table.AllColumns.Any(c => c.Name == column || c.Expr == column);

    private static void Duplicates(IEnumerable<string> names, string what, List<string> problems) =>
        problems.AddRange(names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => $"{what} '{g.Key}' is defined more than once."));
}

/// <summary>A semantic model that cannot be used.</summary>
public sealed class SemanticModelException : Exception
{
    public SemanticModelException() { }

    public SemanticModelException(string message) : base(message) { }

    public SemanticModelException(string message, Exception innerException) : base(message, innerException) { }
}
