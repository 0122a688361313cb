using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orchestrator.AI;
using Orchestrator.AI.Prompts;
using Orchestrator.Graph.Cortex;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.Graph.Workflows;
using static Orchestrator.Tests.Graph.GraphTestKit;

namespace Orchestrator.Tests.Graph.Workflow;

/// <summary>
/// The "orchestrator" workflow on the engine with Cortex faked at its HTTP boundary and the real
/// local embeddings: each route gathers the right data and the offline answer is composed from it.
/// </summary>
public class OrchestratorWorkflowTests
{
    private readonly FakeCortexHandler _cortex = new();

    private CompiledGraph Build(IChatClient? chat = null, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddLocalEmbeddings();
        builder.AddPromptCatalog();
        builder.Services.AddOptions<OrchestratorWorkflowOptions>().BindConfiguration(OrchestratorWorkflowOptions.SectionName);
        builder.Services.AddSingleton(new CortexClient(new HttpClient(_cortex) { BaseAddress = new Uri("http://cortex") }));
        builder.Services.AddSingleton<RouteClassifier>();
        builder.Services.AddSingleton<OrchestratorNodes>();
        if (chat is not null)
        {
            builder.Services.AddSingleton(chat);
        }

        var services = builder.Build().Services;
        return OrchestratorGraph.Definition(services).Build(new InMemoryCheckpointSaver());
    }

    private static JsonElement Ask(string question, string? route = null) => route is null
        ? J($"{{'messages':[{{'type':'human','content':'{question}'}}]}}")
        : J($"{{'messages':[{{'type':'human','content':'{question}'}}],'route':'{route}','route_confidence':0.9}}");

    private static string Answer(GraphRunResult result) =>
        result.Values.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;

    [Fact]
    public async Task AnalystRoute_RunsTheAnalystsSqlAndAnswersWithTheRows()
    {
        var graph = Build();

        var result = await graph.InvokeAsync(Ask("What is the revenue by region?", "analyst"), Thread()).WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Completed, result.Status);
        Assert.Equal(_cortex.AnalystSql, result.Values.GetProperty("sql").GetString());
        Assert.Equal(_cortex.AnalystSql, _cortex.Calls.Single(c => c.Path == "/api/v2/statements").Body["statement"]!.GetValue<string>());
        Assert.Contains("Europe | 4242.17", Answer(result), StringComparison.Ordinal);
        Assert.Equal(0, _cortex.Count("cortex-search-services"));
    }

    [Fact]
    public async Task SearchRoute_CitesTheArticlesCortexSearchFound()
    {
        var graph = Build();

        var result = await graph.InvokeAsync(Ask("How do I return an item?", "search"), Thread()).WaitAsync(Wait);

        Assert.Equal("Returning an item", result.Values.GetProperty("citations")[0].GetProperty("title").GetString());
        Assert.Contains("return any item within 30 days", Answer(result), StringComparison.Ordinal);
        Assert.Equal(0, _cortex.Count("/api/v2/statements"));
    }

    [Theory]
    [InlineData("What were the top 10 products by revenue last year?", "analyst")]
    [InlineData("How many orders did customers in Europe place?", "analyst")]
    [InlineData("What is your return policy for damaged goods?", "search")]
    [InlineData("How can I track my delivery?", "search")]
    [InlineData("Hi there, what can you do?", "general")]
    public async Task NoRouteGiven_OfflineEmbeddingsPickTheAgent(string question, string expected)
    {
        var graph = Build();

        var result = await graph.InvokeAsync(Ask(question), Thread()).WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Completed, result.Status);
        var asked = _cortex.Calls.Select(c => c.Path).ToList();
        var route = asked.Any(p => p.Contains("analyst", StringComparison.Ordinal)) ? "analyst"
            : asked.Any(p => p.Contains("search", StringComparison.Ordinal)) ? "search" : "general";
        Assert.Equal(expected, route);
    }

    [Fact]
    public async Task RouteInConfigurable_IsUsedWithoutClassifying()
    {
        var graph = Build();
        var config = Thread() with { Configurable = new Dictionary<string, JsonElement> { ["route"] = S("search"), ["route_confidence"] = J("0.8") } };

        var result = await graph.InvokeAsync(Ask("What is the revenue by region?"), config).WaitAsync(Wait);

        Assert.Equal(1, _cortex.Count("cortex-search-services"));
        Assert.Equal(0, _cortex.Count("analyst"));
    }

    [Fact]
    public async Task AnalystWithoutSql_AnswersWithItsSuggestions()
    {
        _cortex.AnalystSql = null;
        var graph = Build();

        var result = await graph.InvokeAsync(Ask("What is the meaning of revenue?", "analyst"), Thread()).WaitAsync(Wait);

        Assert.Contains("What is the total revenue?", Answer(result), StringComparison.Ordinal);
        Assert.Equal(0, _cortex.Count("/api/v2/statements"));
    }

    [Fact]
    public async Task ExpensiveSql_InterruptsForApproval_AndRunsOnlyOnceApproved()
    {
        var graph = Build(settings: ("Graph:Workflow:SqlApproval", "Always"));

        var paused = await graph.InvokeAsync(Ask("What is the revenue by region?", "analyst"), Thread("approve")).WaitAsync(Wait);
        var resumed = await graph.InvokeAsync(new Command { Resume = J("{'approved':true}") }, Thread("approve")).WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Interrupted, paused.Status);
        var interrupt = Assert.Single(paused.Interrupts);
        Assert.Equal("approve_sql", interrupt.Value.GetProperty("type").GetString());
        Assert.Equal(_cortex.AnalystSql, interrupt.Value.GetProperty("sql").GetString());
        Assert.Equal(GraphRunStatus.Completed, resumed.Status);
        Assert.Equal(1, _cortex.Count("/api/v2/statements"));
        Assert.Contains("4242.17", Answer(resumed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpensiveSql_Approved_RunsTheSqlThatWasApprovedWithoutAskingAnalystAgain()
    {
        var graph = Build(settings: ("Graph:Workflow:SqlApproval", "Always"));
        var approvedSql = _cortex.AnalystSql;

        await graph.InvokeAsync(Ask("What is the revenue by region?", "analyst"), Thread("bound")).WaitAsync(Wait);
        // A model asked again may write other SQL; the approval covers only what the person saw.
        _cortex.AnalystSql = "SELECT * FROM customers";
        await graph.InvokeAsync(new Command { Resume = J("{'approved':true}") }, Thread("bound")).WaitAsync(Wait);

        Assert.Equal(1, _cortex.Count("/api/v2/cortex/analyst/message"));
        var executed = Assert.Single(_cortex.Calls, c => c.Path.Contains("/api/v2/statements", StringComparison.Ordinal));
        Assert.Equal(approvedSql, executed.Body["statement"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExpensiveSql_Rejected_NeverRuns()
    {
        var graph = Build(settings: ("Graph:Workflow:SqlApproval", "Always"));

        await graph.InvokeAsync(Ask("What is the revenue by region?", "analyst"), Thread("reject")).WaitAsync(Wait);
        var resumed = await graph.InvokeAsync(new Command { Resume = J("{'approved':false}") }, Thread("reject")).WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Completed, resumed.Status);
        Assert.Equal(0, _cortex.Count("/api/v2/statements"));
        Assert.Contains("not approved", Answer(resumed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenExpensive_OnlyMatchingSqlAsks()
    {
        var graph = Build(settings: ("Graph:Workflow:SqlApproval", "WhenExpensive"));
        _cortex.AnalystSql = "SELECT count(*) FROM orders WHERE status = 'cancelled'";

        var cheap = await graph.InvokeAsync(Ask("How many cancelled orders?", "analyst"), Thread("cheap")).WaitAsync(Wait);
        _cortex.AnalystSql = "SELECT product_id, sum(quantity) FROM order_lines GROUP BY 1";
        var expensive = await graph.InvokeAsync(Ask("Units per product?", "analyst"), Thread("expensive")).WaitAsync(Wait);

        Assert.Equal(GraphRunStatus.Completed, cheap.Status);
        Assert.Equal(GraphRunStatus.Interrupted, expensive.Status);
    }

    [Fact]
    public async Task SecondTurn_ForgetsTheFirstTurnsData()
    {
        var graph = Build();

        await graph.InvokeAsync(Ask("What is the revenue by region?", "analyst"), Thread("turns")).WaitAsync(Wait);
        var second = await graph.InvokeAsync(Ask("How do I return an item?", "search"), Thread("turns")).WaitAsync(Wait);

        Assert.Equal(JsonValueKind.Null, second.Values.GetProperty("rows").ValueKind);
        Assert.DoesNotContain("4242.17", Answer(second), StringComparison.Ordinal);
        Assert.Equal(4, second.Values.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task WithAModel_RoutesByForcedToolCallAndSynthesizesWithThePrompt()
    {
        var chat = new ScriptedChatClient();
        var graph = Build(chat);

        var result = await graph.InvokeAsync(Ask("Revenue by region please"), Thread()).WaitAsync(Wait);

        Assert.Equal("route", Assert.IsType<RequiredChatToolMode>(chat.Requests[0].Options!.ToolMode).RequiredFunctionName);
        Assert.Contains(LocalPrompts.Get("supervisor").Text[..40], chat.Requests[0].Messages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Europe | 4242.17", chat.Requests[1].Messages[0].Text, StringComparison.Ordinal);
        Assert.Equal("Europe leads with 4242.17.", Answer(result));
    }

    /// <summary>First call: the route tool with "analyst"; second: the synthesized answer, streamed.</summary>
    private sealed class ScriptedChatClient : IChatClient
    {
        public List<(List<ChatMessage> Messages, ChatOptions? Options)> Requests { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Requests.Add(([.. messages], options));
            var call = new FunctionCallContent("call-1", "route", new Dictionary<string, object?> { ["route"] = "analyst", ["confidence"] = 0.9, ["reason"] = "numbers" });
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            Requests.Add(([.. messages], options));
            foreach (var token in new[] { "Europe leads ", "with 4242.17." })
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, token);
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
