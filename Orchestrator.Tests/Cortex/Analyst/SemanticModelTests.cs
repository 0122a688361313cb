using Orchestrator.Cortex.SemanticModel;

namespace Orchestrator.Tests.Cortex.Analyst;

public sealed class SemanticModelTests
{
    [Fact]
    public void LoadEmbedded_RetailModel_IsCompleteAndValid()
    {
        var model = SemanticModelCatalog.LoadEmbedded().Find("retail");

        Assert.NotNull(model);
        Assert.Equal(["regions", "customers", "products", "orders", "order_lines", "returns"], model.Tables.Select(t => t.BaseTable.Table));
        Assert.True(model.VerifiedQueries.Count >= 15);
        Assert.True(model.Relationships.Count >= 5);
        Assert.Contains(model.Tables, t => t.Metrics.Count > 0);
        Assert.Contains(model.Tables, t => t.Filters.Count > 0);
        Assert.Contains(model.Tables, t => t.TimeDimensions.Count > 0);
        Assert.Contains(model.Tables, t => t.Facts.Count > 0);
        Assert.Empty(SemanticModelParser.Validate(model));
    }

    [Theory]
    [InlineData("@WAREHOUSE.PUBLIC.MODELS/retail.yaml")]
    [InlineData("WAREHOUSE.PUBLIC.RETAIL")]
    [InlineData("retail")]
    public void FindByReference_StageFileOrView_FindsModel(string reference)
    {
        Assert.Equal("retail", SemanticModelCatalog.LoadEmbedded().FindByReference(reference)?.Name);
    }

    [Fact]
    public void Parse_InconsistentModel_ListsEveryProblem()
    {
        const string Yaml = """
            name: broken
            tables:
              - name: orders
                base_table: {table: orders}
                dimensions: [{name: id, expr: id}]
            relationships:
              - name: dangling
                left_table: orders
                right_table: customers
                relationship_columns: [{left_column: id, right_column: id}]
            verified_queries:
              - name: sneaky
                question: Drop it?
                sql: "SELECT 1; DROP TABLE orders"
              - name: elsewhere
                question: Other table?
                sql: SELECT * FROM payroll
            """;

        var error = Assert.Throws<SemanticModelException>(() => SemanticModelParser.Parse(Yaml));

        Assert.Contains("relationship 'dangling' joins a table the model does not define", error.Message, StringComparison.Ordinal);
        Assert.Contains("verified query 'sneaky' is refused", error.Message, StringComparison.Ordinal);
        Assert.Contains("'payroll' is not part of the semantic model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotYaml_IsRefused()
    {
        Assert.Throws<SemanticModelException>(() => SemanticModelParser.Parse("tables: [unclosed"));
    }
}
