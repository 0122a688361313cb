using System.Globalization;
using System.Text.Json;
using Cortex.Bench;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orchestrator.Cortex;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.Apis;
using Orchestrator.Cortex.Search;
using Orchestrator.Cortex.SemanticModel;
using Orchestrator.ServiceDefaults.Data;

// Cortex gateway benchmark: the local SQL API streaming a 100k-row result partition by partition
// (baseline: a raw Npgsql reader on the same query), the offline analyst, and hybrid search.
// Usage: dotnet run -c Release --project bench/Cortex.Bench -- "<admin connection string>"
var admin = args.FirstOrDefault() ?? Environment.GetEnvironmentVariable("CORTEX_BENCH_CONNECTION")
    ?? throw new InvalidOperationException("Pass a PostgreSQL admin connection string (or set CORTEX_BENCH_CONNECTION); eng/bench-cortex.sh starts a throwaway server.");
var warehouse = await CreateWarehouseAsync(admin);
await using var dataSource = NpgsqlDataSource.Create(warehouse);
const string Query = "SELECT order_line_id, order_id, product_id, quantity, unit_price, discount FROM order_lines";
const int Runs = 5;
var invariant = CultureInfo.InvariantCulture;

// 1. SQL API through the gateway over HTTP, every partition fetched and parsed.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(CortexServiceExtensions).Assembly.GetName().Name });
builder.WebHost.UseUrls("http://127.0.0.1:0");
builder.Logging.ClearProviders();
builder.Configuration["ConnectionStrings:warehouse-db"] = warehouse;
builder.AddCortexServices();
var app = builder.Build();
app.MapStatementsApi();
await app.StartAsync();
using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };
long rows = 0, peakHeap = 0, resultBytes = 0;
var gateway = await Measure.RunAsync(1, Runs, async () =>
{
    rows = 0;
    using var first = await http.PostAsJsonAsync("/api/v2/statements", new { statement = Query });
    using var firstDoc = await JsonDocument.ParseAsync(await first.Content.ReadAsStreamAsync());
    var meta = firstDoc.RootElement.GetProperty("resultSetMetaData");
    var handle = firstDoc.RootElement.GetProperty("statementHandle").GetString();
    resultBytes = meta.GetProperty("partitionInfo").EnumerateArray().Sum(p => p.GetProperty("uncompressedSize").GetInt64());
    rows += firstDoc.RootElement.GetProperty("data").GetArrayLength();
    for (var p = 1; p < meta.GetProperty("partitionInfo").GetArrayLength(); p++)
    {
        using var page = await http.GetAsync($"/api/v2/statements/{handle}?partition={p}");
        using var doc = await JsonDocument.ParseAsync(await page.Content.ReadAsStreamAsync());
        rows += doc.RootElement.GetProperty("data").GetArrayLength();
        peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
    }
});
var gatewayRows = rows;

// Baseline: the same query read with a raw Npgsql reader, every value turned into a string.
var raw = await Measure.RunAsync(1, Runs, async () =>
{
    rows = 0;
    await using var command = dataSource.CreateCommand(Query);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            _ = Convert.ToString(reader.GetValue(i), invariant);
        }

        rows++;
    }
});
await app.StopAsync();

// 2 and 3, once per embedding: the local arctic-embed-xs model (the default) and the lexical fallback.
var model = SemanticModelCatalog.LoadEmbedded().Find("retail")!;
string[] questions = ["revenue per region", "top products by revenue", "how many orders in each status", "why do customers return items", "monthly revenue trend", "average order value", "weather tomorrow"];
string[] searchColumns = ["title", "body"];
string[] searches = ["restocking fee", "reset my password", "lost parcel tracking", "warranty claim for a broken speaker", "GDPR data deletion", "cancel an order after shipping", "loyalty points expiry", "pick up in store"];
var report = new List<string>();
using var arctic = new Orchestrator.AI.Embeddings.ArcticEmbeddingGenerator();
using var lexical = new LexicalEmbeddingGenerator();
foreach (var (label, embeddings) in new (string, IEmbeddingGenerator<string, Embedding<float>>)[] { ("arctic-embed-xs", arctic), ("lexical", lexical) })
{
    var analyst = new OfflineAnalyst(new VerifiedQueryMatcher(embeddings), Options.Create(new AnalystOptions()));
    var analystTimes = await Measure.RunAsync(20, 200, async () => await analyst.AnswerAsync(model, questions[Random.Shared.Next(questions.Length)], null, CancellationToken.None));
    var embedTimes = await Measure.RunAsync(20, 200, async () => await embeddings.GenerateAsync([questions[Random.Shared.Next(questions.Length)]]));
    using var search = new CortexSearchEngine(dataSource, embeddings);
    var searchTimes = await Measure.RunAsync(10, 100, async () =>
        await search.QueryAsync(JsonSerializer.SerializeToElement(new { query = searches[Random.Shared.Next(searches.Length)], columns = searchColumns, limit = 10, filter = new Dictionary<string, object> { ["@gte"] = new { view_count = 100 } } }), CancellationToken.None));
    report.Add(string.Create(invariant, $"""
        [{label}] offline analyst answer (200 questions): p50 {Measure.Median(analystTimes):F3} ms, p95 {Measure.Percentile(analystTimes, 0.95):F3} ms; baseline one query embedding p50 {Measure.Median(embedTimes):F3} ms
        [{label}] search over {SupportCorpusGenerator.Generate().Count} articles (100 queries, filter + hybrid): p50 {Measure.Median(searchTimes):F2} ms, p95 {Measure.Percentile(searchTimes, 0.95):F2} ms
        """));
}

// Baseline for search: PostgreSQL full-text ranking alone, same filter.
var ftsTimes = await Measure.RunAsync(10, 100, async () =>
{
    await using var command = dataSource.CreateCommand("SELECT title, body FROM support_articles WHERE view_count >= 100 ORDER BY ts_rank_cd(search_vector, websearch_to_tsquery('english', @q), 32) DESC LIMIT 10");
    command.Parameters.AddWithValue("q", searches[Random.Shared.Next(searches.Length)]);
    await using var reader = await command.ExecuteReaderAsync();
    while (await reader.ReadAsync())
    {
    }
});

var gatewayMs = Measure.Median(gateway);
var rawMs = Measure.Median(raw);
Console.WriteLine(string.Create(invariant, $"""
    Cortex gateway benchmark ({Runs} runs after a warm-up; medians)
    SQL API, {gatewayRows} rows x 6 columns over HTTP, all partitions: {gatewayMs:F0} ms = {gatewayRows / (gatewayMs / 1000):F0} rows/s
      baseline raw Npgsql reader, same query:                    {rawMs:F0} ms = {rows / (rawMs / 1000):F0} rows/s
      ratio gateway/raw time: {gatewayMs / rawMs:F2}x; result JSON {resultBytes / 1048576.0:F1} MiB, peak managed heap while paging {peakHeap / 1048576.0:F1} MiB
    {string.Join("\n", report)}
    Search baseline, PostgreSQL full-text only: p50 {Measure.Median(ftsTimes):F2} ms
    """));

static async Task<string> CreateWarehouseAsync(string admin)
{
    await using (var connection = new NpgsqlConnection(admin))
    {
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = 'cortex_bench'", connection);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using var create = new NpgsqlCommand("CREATE DATABASE cortex_bench", connection);
            await create.ExecuteNonQueryAsync();
        }
    }

    var warehouse = new NpgsqlConnectionStringBuilder(admin) { Database = "cortex_bench" }.ConnectionString;
    await using var dataSource = NpgsqlDataSource.Create(warehouse);
    await new SqlMigrator(dataSource, NullLogger<SqlMigrator>.Instance).ApplyAsync("warehouse", SqlMigrationSource.FromAssembly(typeof(CortexServiceExtensions).Assembly), CancellationToken.None);
    return warehouse;
}
