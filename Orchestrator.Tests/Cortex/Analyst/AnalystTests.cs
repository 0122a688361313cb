using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.SemanticModel;
using Orchestrator.Tests.Cortex.Fakes;

namespace Orchestrator.Tests.Cortex.Analyst;

public sealed class AnalystTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly SemanticModelDocument Retail = SemanticModelCatalog.LoadEmbedded().Find("retail")!;

    private static OfflineAnalyst Offline(double threshold = 0.8) => new(
        new VerifiedQueryMatcher(new KeywordEmbeddingGenerator("revenue", "region", "customer", "return", "reason", "month", "product", "categorie", "category", "order", "statu", "segment")),
        Options.Create(new AnalystOptions { SimilarityThreshold = threshold }));

    [Fact]
    public async Task Offline_ParaphrasedQuestion_AnswersWithVerifiedQuery()
    {
        var statuses = new List<string>();

        var answer = await Offline().AnswerAsync(Retail, "Show me revenue per region", s => { statuses.Add(s); return Task.CompletedTask; }, CancellationToken.None).WaitAsync(Timeout);

        var sql = Assert.Single(answer.Content, c => c.Type == "sql");
        Assert.Equal("revenue_by_region", sql.Confidence?.VerifiedQueryUsed?.Name);
        Assert.Equal(Retail.VerifiedQueries.Single(q => q.Name == "revenue_by_region").Sql.Trim(), sql.Statement);
        Assert.Equal(["interpreting_question", "generating_sql"], statuses);
        Assert.Equal("revenue_by_region", answer.Metadata["verified_query"]);
    }

    [Fact]
    public async Task Offline_UnrelatedQuestion_OffersSuggestions()
    {
        var answer = await Offline().AnswerAsync(Retail, "What will the weather be tomorrow?", null, CancellationToken.None).WaitAsync(Timeout);

        Assert.DoesNotContain(answer.Content, c => c.Type == "sql");
        var suggestions = Assert.Single(answer.Content, c => c.Type == "suggestions").Suggestions!;
        Assert.Equal(3, suggestions.Count);
        Assert.All(suggestions, s => Assert.Contains(s, Retail.VerifiedQueries.Select(q => q.Question)));
        Assert.Single(answer.Warnings);
    }

    [Fact]
    public async Task Generative_ValidSql_IsCheckedAndReturned()
    {
        var chat = new ScriptedChatClient("Revenue summed over all non-cancelled orders.\n```sql\nSELECT sum(quantity * unit_price) FROM order_lines;\n```");
        var checker = new RecordingChecker();

        var answer = await new GenerativeAnalyst(chat, checker).AnswerAsync(Retail, "total sales?", null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("SELECT sum(quantity * unit_price) FROM order_lines", Assert.Single(answer.Content, c => c.Type == "sql").Statement);
        Assert.Equal("Revenue summed over all non-cancelled orders.", answer.Content[0].Text);
        Assert.Equal(["SELECT sum(quantity * unit_price) FROM order_lines"], checker.Checked);
        var system = chat.Requests[0][0].Text;
        Assert.Contains("Table order_lines", system, StringComparison.Ordinal);
        Assert.Contains("order_lines.order_id = orders.order_id", system, StringComparison.Ordinal);
        Assert.Contains("Q: What is the revenue by region?", system, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generative_ExplainFails_RepairsOnceWithTheError()
    {
        var chat = new ScriptedChatClient(
            "First try.\n```sql\nSELECT revenue FROM orders\n```",
            "Fixed.\n```sql\nSELECT sum(quantity * unit_price) AS revenue FROM order_lines\n```");
        var checker = new RecordingChecker { Failures = { ["SELECT revenue FROM orders"] = "42703: column \"revenue\" does not exist" } };

        var answer = await new GenerativeAnalyst(chat, checker).AnswerAsync(Retail, "revenue?", null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("SELECT sum(quantity * unit_price) AS revenue FROM order_lines", Assert.Single(answer.Content, c => c.Type == "sql").Statement);
        Assert.Contains("column \"revenue\" does not exist", chat.Requests[1][^1].Text, StringComparison.Ordinal);
        Assert.Equal(1, answer.Metadata["repair_attempts"]);
    }

    [Fact]
    public async Task Generative_UnsafeSqlTwice_ReturnsNoSqlAndWarns()
    {
        var chat = new ScriptedChatClient(
            "```sql\nDELETE FROM orders\n```",
            "```sql\nSELECT * FROM orders; DROP TABLE orders\n```");
        var checker = new RecordingChecker();

        var answer = await new GenerativeAnalyst(chat, checker).AnswerAsync(Retail, "delete everything", null, CancellationToken.None).WaitAsync(Timeout);

        Assert.DoesNotContain(answer.Content, c => c.Type == "sql");
        Assert.Contains("read-only check", Assert.Single(answer.Warnings).Message, StringComparison.Ordinal);
        Assert.Empty(checker.Checked);
    }

    [Fact]
    public async Task WarmUp_OfflineAnalyst_EmbedsTheVerifiedQuestionsAtStart_SoAQuestionEmbedsOnlyItself()
    {
        var embeddings = new KeywordEmbeddingGenerator("revenue", "region");
        var matcher = new VerifiedQueryMatcher(embeddings);
        var analyst = new OfflineAnalyst(matcher, Options.Create(new AnalystOptions()));
        var catalog = new SemanticModelCatalog([Retail]);

        await new AnalystWarmUp(analyst, matcher, catalog, NullLogger<AnalystWarmUp>.Instance).StartAsync(CancellationToken.None).WaitAsync(Timeout);
        var atStart = embeddings.Calls;
        await analyst.AnswerAsync(Retail, "revenue per region", null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal((1, 2), (atStart, embeddings.Calls));
    }

    [Fact]
    public async Task WarmUp_GenerativeAnalyst_EmbedsNothing()
    {
        var embeddings = new KeywordEmbeddingGenerator("revenue");
        var matcher = new VerifiedQueryMatcher(embeddings);
        var analyst = new GenerativeAnalyst(new ScriptedChatClient("SELECT 1"), new RecordingChecker());

        await new AnalystWarmUp(analyst, matcher, new SemanticModelCatalog([Retail]), NullLogger<AnalystWarmUp>.Instance).StartAsync(CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(0, embeddings.Calls);
    }

    private sealed class RecordingChecker : ISqlChecker
    {
        public List<string> Checked { get; } = [];

        public Dictionary<string, string> Failures { get; } = [];

        public Task<string?> CheckAsync(string sql, CancellationToken cancellationToken)
        {
            Checked.Add(sql);
            return Task.FromResult(Failures.GetValueOrDefault(sql));
        }
    }
}
