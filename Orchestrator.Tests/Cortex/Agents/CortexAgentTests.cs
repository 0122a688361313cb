using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orchestrator.Cortex.Agents;
using Orchestrator.Cortex.Analyst;
using Orchestrator.Cortex.Local;
using Orchestrator.Cortex.Search;
using Orchestrator.Cortex.SemanticModel;
using Orchestrator.Tests.Cortex.Fakes;
using Orchestrator.Tests.Cortex.Local;

namespace Orchestrator.Tests.Cortex.Agents;

public sealed class CortexAgentTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly SemanticModelDocument Retail = SemanticModelCatalog.LoadEmbedded().Find("retail")!;
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync() => _dataSource = NpgsqlDataSource.Create(await SeededWarehouse.GetConnectionStringAsync());

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    [Fact]
    public async Task Run_WithModel_RoutesByTheModelAndStreamsItsAnswer()
    {
        // The question reads like a data question; the model's routing decision must win over similarity.
        var chat = new ScriptedChatClient("search", "Opened electronics carry a 15% restocking fee [1].");
        var events = new List<(string Name, object Data)>();
        using var embeddings = new LexicalEmbeddingGenerator();
        await using var corpus = NpgsqlDataSource.Create(await SeededWarehouse.CreateEmptyDatabaseAsync("agent"));
        using var search = new CortexSearchEngine(corpus, embeddings);
        var matcher = new VerifiedQueryMatcher(embeddings);
        var options = Options.Create(new AnalystOptions());
        var runner = new LocalAgentQueryRunner(new LocalStatementExecutor(_dataSource, Options.Create(new LocalWarehouseOptions()), NullLogger<LocalStatementExecutor>.Instance));
        var agent = new CortexAgent(new OfflineAnalyst(matcher, options), matcher, search, runner, options, chat);

        var content = await agent.RunAsync("What is the total revenue of returns with a restocking fee?", new AgentToolPlan("analyst1", Retail, "search1", 3), null,
            (name, data) => { events.Add((name, data)); return Task.CompletedTask; }, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("search1", System.Text.Json.JsonSerializer.SerializeToElement(events.First(e => e.Name == "response.tool_use").Data).GetProperty("name").GetString());
        var deltas = string.Concat(events.Where(e => e.Name == "response.text.delta").Select(e => System.Text.Json.JsonSerializer.SerializeToElement(e.Data).GetProperty("text").GetString()));
        Assert.Equal("Opened electronics carry a 15% restocking fee [1].", deltas.Trim());
        Assert.Contains("restocking fee", chat.Requests[1][0].Text, StringComparison.Ordinal);
        Assert.Equal(3, content.Count);
    }
}
