using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Npgsql;
using Orchestrator.ServiceDefaults;
using Orchestrator.Tests.AgentCore;

namespace Orchestrator.Tests.Integration;

/// <summary>AgentCore's public APIs through the real AppHost (local run mode: open access, offline model).</summary>
[Collection(AppHostTestGroup.Name)]
public class AgentCoreEndToEndTests(AppHostFixture fixture)
{
    private const string Question = "What is the total revenue?";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Invocations_Streamed_RoutesToAnalystAnswersWithTheWarehouseRevenueAndRemembersTheTurn()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);
        var session = Guid.NewGuid().ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt = Question }) };
        request.Headers.Add("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id", session);
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);

        var frames = await SseFrames.ReadJsonAsync(response);
        Assert.Equal("analyst", frames[0]["route"]!.GetValue<string>());
        var done = frames[^1];
        Assert.Equal("done", done["type"]!.GetValue<string>());
        var expected = await ExpectedRevenueAsync();
        Assert.Contains(expected, done["response"]!.GetValue<string>(), StringComparison.Ordinal);
        // The SQL and the rows come from the graph nodes' writes, as the real engine streams them.
        Assert.Matches("^(?i)(select|with)\\b", done["sql"]!.GetValue<string>());
        Assert.Contains(expected, done["results"]!["rows"]!.ToJsonString(), StringComparison.Ordinal);

        var stored = await QueryAsync(ResourceNames.OrchestratorDb, $"SELECT string_agg(role || ':' || coalesce(route, ''), ',' ORDER BY id) FROM agentcore_messages WHERE session_id = '{session}'");
        Assert.Equal("user:analyst,assistant:analyst", stored);
    }

    [Fact]
    public async Task ChatCompletions_OfficialOpenAIClient_AnswersWithTheWarehouseRevenue()
    {
        var baseUrl = new Uri(fixture.App.GetEndpoint(ResourceNames.AgentCore, "http"), "/v1").ToString();

        var output = await NodeScript.RunAsync("openai-client.mjs", Timeout, baseUrl, "no-key-needed-in-run-mode", Question);

        var result = JsonNode.Parse(output)!;
        var expected = await ExpectedRevenueAsync();
        Assert.Contains(expected, result["completion"]!["content"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(expected, result["stream"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(result["stream"]!["usage"]!["total_tokens"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task Playground_InChromium_ShowsTheWarehouseRevenueAndTheRoute()
    {
        var baseUrl = fixture.App.GetEndpoint(ResourceNames.AgentCore, "http").ToString();
        var screenshot = PlaygroundTests.ScreenshotPath("playground-apphost.png");

        var page = JsonNode.Parse(await NodeScript.RunAsync("playground.mjs", Timeout, baseUrl, Question, screenshot))!;

        Assert.Contains(await ExpectedRevenueAsync(), page["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("route ANALYST", page["route"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches("^trace [0-9a-f]{32}$", page["trace"]!.GetValue<string>());
        Assert.True(File.Exists(screenshot));
    }

    [Fact]
    public async Task Invocations_SqlNeedsApproval_ApprovingRunsTheWaitingQueryAndAnswersWithTheWarehouseNumbers()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);
        var session = Guid.NewGuid().ToString();

        var asked = await InvokeAsync(client, session, new { prompt = "What is the revenue for each product category?" });
        var answered = await InvokeAsync(client, session, new { approve = true });
        using var again = await InvocationsContractTests.PostAsync(client, session, new { approve = true });

        Assert.Matches(AppHostFixture.CategorySqlPattern, asked["sql"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(asked["approval"]!["id"]!.GetValue<string>()));
        Assert.Null(asked["results"]);
        // Computed here independently of Cortex: the revenue of the best-selling category.
        var top = ((decimal)(await QueryAsync(ResourceNames.WarehouseDb,
            """
            SELECT round(sum(ol.quantity * ol.unit_price * (1 - ol.discount)), 2) AS revenue
            FROM order_lines ol JOIN orders o USING (order_id) JOIN products p USING (product_id)
            WHERE o.status <> 'cancelled' GROUP BY p.category ORDER BY revenue DESC LIMIT 1
            """))!).ToString(CultureInfo.InvariantCulture);
        Assert.Contains(top, answered["response"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(top, answered["results"]!["rows"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.Conflict, again.StatusCode);
    }

    private static async Task<JsonObject> InvokeAsync(HttpClient client, string session, object body)
    {
        using var response = await InvocationsContractTests.PostAsync(client, session, body);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!;
    }

    private async Task<string> ExpectedRevenueAsync()
    {
        // Computed here independently of Cortex: net revenue of the orders that were not cancelled.
        var revenue = (decimal)(await QueryAsync(ResourceNames.WarehouseDb,
            "SELECT round(sum(ol.quantity * ol.unit_price * (1 - ol.discount)), 2) FROM order_lines ol JOIN orders o USING (order_id) WHERE o.status <> 'cancelled'"))!;
        return revenue.ToString(CultureInfo.InvariantCulture);
    }

    private async Task<object?> QueryAsync(string database, string sql)
    {
        var connectionString = await fixture.App.GetConnectionStringAsync(database).AsTask().WaitAsync(Timeout);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().WaitAsync(Timeout);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync().WaitAsync(Timeout);
    }
}
