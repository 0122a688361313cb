using System.Text.Json;
using Npgsql;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.Search;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Cortex.Search;

public sealed class CortexSearchEngineTests(PostgresServerFixture postgres) : IClassFixture<PostgresServerFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private NpgsqlDataSource _dataSource = null!;
    private CortexSearchEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await postgres.CreateDatabaseAsync("search").WaitAsync(Timeout));
        _engine = new CortexSearchEngine(_dataSource, new LexicalEmbeddingGenerator());
    }

    public async Task DisposeAsync()
    {
        _engine.Dispose();
        await _dataSource.DisposeAsync();
    }

    [Fact]
    public void Generate_Corpus_IsDeterministicAndLargeEnough()
    {
        var first = SupportCorpusGenerator.Generate();
        var second = SupportCorpusGenerator.Generate();

        Assert.True(first.Count >= 200);
        Assert.Equal(first, second, (a, b) => a.ArticleId == b.ArticleId && a.Title == b.Title && a.Body == b.Body && a.PublishedOn == b.PublishedOn);
        Assert.Equal(first.Count, first.Select(a => a.Title).Distinct().Count());
    }

    [Fact]
    public async Task Query_RestockingFee_FindsReturnsPolicyFirst()
    {
        var results = await QueryAsync("""{"query": "restocking fee for opened electronics", "columns": ["title", "category", "product_line"], "limit": 3}""");

        Assert.Equal(3, results.Count);
        Assert.Equal("returns", results[0].GetProperty("category").GetString());
        Assert.Equal("electronics", results[0].GetProperty("product_line").GetString());
        Assert.True(results[0].GetProperty("@scores").GetProperty("text_match").GetDouble() > 0);
    }

    [Fact]
    public async Task Query_CombinedFilter_ReturnsOnlyMatchingRows()
    {
        var results = await QueryAsync("""
            {"query": "refund", "columns": ["article_id", "region", "doc_type", "tags", "view_count", "published_on"], "limit": 50,
             "filter": {"@and": [
               {"@or": [{"@eq": {"region": "EMEA"}}, {"@eq": {"region": "global"}}]},
               {"@not": {"@eq": {"doc_type": "faq"}}},
               {"@contains": {"tags": "refund"}},
               {"@gte": {"view_count": 1000}},
               {"@lte": {"published_on": "2025-06-30"}}]}}
            """);

        Assert.NotEmpty(results);
        var expected = SupportCorpusGenerator.Generate()
            .Where(a => a.Region is "EMEA" or "global" && a.DocType != "faq" && a.Tags.Contains("refund") && a.ViewCount >= 1000 && a.PublishedOn <= new DateOnly(2025, 6, 30))
            .Select(a => a.ArticleId).Order().ToList();
        Assert.Equal(expected, results.Select(r => r.GetProperty("article_id").GetInt32()).Order().ToList());
    }

    [Fact]
    public async Task Query_ScoringWeights_ChangeTheRanking()
    {
        const string Body = """{"query": "password", "columns": ["article_id", "view_count"], "limit": 5 SCORING}""";
        var textOnly = await QueryAsync(Body.Replace("SCORING", """, "scoring_config": {"weights": {"texts": 1, "vectors": 0}}""", StringComparison.Ordinal));
        var boosted = await QueryAsync(Body.Replace("SCORING", """, "scoring_config": {"weights": {"texts": 1, "vectors": 0}, "functions": {"numeric_boosts": [{"column": "view_count", "weight": 50}]}}""", StringComparison.Ordinal));

        Assert.NotEqual(textOnly.Select(r => r.GetProperty("article_id").GetInt32()), boosted.Select(r => r.GetProperty("article_id").GetInt32()));
        Assert.True(boosted.Average(r => r.GetProperty("view_count").GetInt32()) > textOnly.Average(r => r.GetProperty("view_count").GetInt32()));
    }

    [Theory]
    [InlineData("""{"query": "x", "filter": {"@eq": {"region": "EMEA"}, "@lte": {"view_count": 1}}}""", "exactly one key")]
    [InlineData("""{"query": "x", "filter": {"@like": {"region": "EMEA"}}}""", "Unknown filter operator")]
    [InlineData("""{"query": "x", "filter": {"@eq": {"secret_column": "1"}}}""", "not an attribute column")]
    [InlineData("""{"query": "x", "filter": {"@gte": {"view_count": "many"}}}""", "needs a number")]
    [InlineData("""{"query": "x", "filter": {"@and": []}}""", "non-empty array")]
    [InlineData("""{"query": "x", "filter": {"@contains": {"region": "EMEA"}}}""", "array columns")]
    [InlineData("""{"query": "x", "filter": "region = 'EMEA'"}""", "Expected an object")]
    [InlineData("""{"query": "x", "limit": 0}""", "limit")]
    [InlineData("""{"query": "", "limit": 3}""", "query is required")]
    [InlineData("""{"query": "x", "columns": ["title", "password"]}""", "Unknown column 'password'")]
    public async Task Query_MalformedRequest_IsRefused(string body, string fragment)
    {
        var error = await Assert.ThrowsAsync<SearchRequestException>(() => QueryAsync(body));

        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_Twice_KeepsOneCopy()
    {
        await SupportCorpusStore.EnsureSeededAsync(_dataSource, new LexicalEmbeddingGenerator(), CancellationToken.None).WaitAsync(Timeout);
        await SupportCorpusStore.EnsureSeededAsync(_dataSource, new LexicalEmbeddingGenerator(), CancellationToken.None).WaitAsync(Timeout);

        await using var command = _dataSource.CreateCommand("SELECT count(*), count(DISTINCT article_id), min(array_length(embedding, 1)) FROM support_articles");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal((240L, 240L, 512), (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)));
    }

    private async Task<List<JsonElement>> QueryAsync(string body)
    {
        using var document = JsonDocument.Parse(body);
        var rows = await _engine.QueryAsync(document.RootElement.Clone(), CancellationToken.None).WaitAsync(Timeout);
        return JsonSerializer.SerializeToElement(rows).EnumerateArray().ToList();
    }
}
