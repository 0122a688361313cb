using System.Text.Json.Nodes;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.AgentCore;

public class PlaygroundTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>Where page tests leave their screenshots (under the test output folder).</summary>
    public static string ScreenshotPath(string name)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, name);
    }

    [Fact]
    public async Task Playground_AskAQuestion_RendersStreamedAnswerRouteSqlTableCitationsAndTraceLink()
    {
        await using var host = await AgentCoreTestHost.StartAsync(new PostgresServerFixture(), new Dictionary<string, string?>
        {
            ["AgentCore:Auth:Mode"] = "Open",
            ["AgentCore:Playground:TraceUrlTemplate"] = "http://dashboard.test/traces/detail/{traceId}",
        });
        host.Graph.Answer = _ => ("Revenue was 1,234.50 in the north.", new JsonObject
        {
            ["sql"] = "SELECT region, sum(amount) AS revenue FROM sales GROUP BY region",
            ["columns"] = new JsonArray("region", "revenue"),
            ["rows"] = new JsonArray(new JsonArray("north", "1234.50")),
            ["citations"] = new JsonArray(new JsonObject { ["title"] = "Sales handbook", ["url"] = "https://docs.test/handbook", ["snippet"] = "how revenue is counted" }),
        });
        var screenshot = ScreenshotPath("playground-fake-graph.png");

        var output = await NodeScript.RunAsync("playground.mjs", Timeout, host.BaseAddress.ToString(), "How much revenue per region?", screenshot);

        var page = JsonNode.Parse(output)!;
        Assert.Equal("Orchestrator playground", page["title"]!.GetValue<string>());
        Assert.Equal("Revenue was 1,234.50 in the north.", page["answer"]!.GetValue<string>());
        Assert.StartsWith("route ANALYST", page["route"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("SELECT region, sum(amount) AS revenue FROM sales GROUP BY region", page["sql"]!.GetValue<string>());
        Assert.Equal("""[["region","revenue"],["north","1234.50"]]""", page["table"]!.ToJsonString());
        Assert.Equal("Sales handbook — how revenue is counted", Assert.Single(page["citations"]!.AsArray())!.GetValue<string>());
        Assert.Matches("^http://dashboard.test/traces/detail/[0-9a-f]{32}$", page["traceHref"]!.GetValue<string>());
        Assert.Null(page["error"]);
        Assert.Empty(page["consoleErrors"]!.AsArray());
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot has content");
    }

    [Fact]
    public async Task Playground_SqlNeedsApproval_ShowsTheSqlWithApproveThenRendersTheAnswerTable()
    {
        await using var host = await AgentCoreTestHost.StartAsync(new PostgresServerFixture(), new Dictionary<string, string?> { ["AgentCore:Auth:Mode"] = "Open" });
        const string Sql = "SELECT region, sum(amount) AS revenue FROM sales GROUP BY region";
        host.Graph.InterruptBeforeAnswer = true;
        host.Graph.Answer = _ => ("Revenue was 1,234.50 in the north.", new JsonObject
        {
            ["sql"] = Sql,
            ["columns"] = new JsonArray("region", "revenue"),
            ["rows"] = new JsonArray(new JsonArray("north", "1234.50")),
        });
        var screenshot = ScreenshotPath("playground-approval.png");

        var output = await NodeScript.RunAsync("playground.mjs", Timeout, host.BaseAddress.ToString(), "How much revenue per region?", screenshot, "", "", "approve");

        var page = JsonNode.Parse(output)!;
        Assert.Equal("This query needs your approval before it runs:", page["answer"]!.GetValue<string>());
        Assert.Equal(Sql, page["sql"]!.GetValue<string>());
        Assert.True(page["approval"]!.GetValue<bool>());
        var decided = page["decided"]!;
        Assert.Equal("Approve and run", decided["question"]!.GetValue<string>());
        Assert.Equal("Revenue was 1,234.50 in the north.", decided["answer"]!.GetValue<string>());
        Assert.Equal("""[["region","revenue"],["north","1234.50"]]""", decided["table"]!.ToJsonString());
        Assert.False(decided["approval"]!.GetValue<bool>());
        Assert.Null(decided["error"]);
        Assert.Empty(page["consoleErrors"]!.AsArray());
        Assert.True(host.Graph.Runs.Last().Body["command"]!["resume"]!["approved"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Playground_RequiredAuthWithKey_Answers()
    {
        await using var host = await AgentCoreTestHost.StartAsync(new PostgresServerFixture());
        var key = await host.CreateApiKeyAsync("playground-user");

        var withKey = JsonNode.Parse(await NodeScript.RunAsync("playground.mjs", Timeout, host.BaseAddress.ToString(), "Hello!", ScreenshotPath("playground-key.png"), key))!;
        var withoutKey = JsonNode.Parse(await NodeScript.RunAsync("playground.mjs", Timeout, host.BaseAddress.ToString(), "Hello!", ScreenshotPath("playground-no-key.png")))!;

        Assert.Equal("The graph answered: 6 characters.", withKey["answer"]!.GetValue<string>());
        Assert.StartsWith("401 Authentication required", withoutKey["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
