using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.AgentCore;

public class OpenAICompatibilityTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task OfficialOpenAIClient_ListsModelsCompletesAndStreamsWithUsage()
    {
        await using var host = await AgentCoreTestHost.StartAsync(new PostgresServerFixture());
        var key = await host.CreateApiKeyAsync("openai-user");

        var output = await NodeScript.RunAsync("openai-client.mjs", Timeout, new Uri(host.BaseAddress, "/v1").ToString(), key);

        var result = JsonNode.Parse(output)!;
        const string Expected = "The graph answered: 40 characters.";
        Assert.Equal(["orchestrator"], result["models"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("chat.completion", result["completion"]!["object"]!.GetValue<string>());
        Assert.Equal(Expected, result["completion"]!["content"]!.GetValue<string>());
        Assert.Equal("stop", result["completion"]!["finish"]!.GetValue<string>());
        var usage = result["completion"]!["usage"]!;
        Assert.Equal((40 + 3) / 4, usage["prompt_tokens"]!.GetValue<int>());
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
        Assert.Equal(Expected, result["stream"]!["text"]!.GetValue<string>());
        Assert.Equal(["stop"], result["stream"]!["finishes"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(usage.ToJsonString(), result["stream"]!["usage"]!.ToJsonString());
        Assert.Equal("AuthenticationError", result["unauthorized"]!["name"]!.GetValue<string>());
        Assert.Equal("NotFoundError", result["unknownModel"]!["name"]!.GetValue<string>());
        Assert.Equal("model_not_found", result["unknownModel"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChatCompletions_Stream_FramesChunksThenDone()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "orchestrator",
            stream = true,
            messages = new object[]
            {
                new { role = "user", content = "How much revenue in 2024?" },
                new { role = "assistant", content = "42." },
                new { role = "user", content = new object[] { new { type = "text", text = "And per region?" } } },
            },
        }).WaitAsync(Timeout);

        var frames = await SseFrames.ReadDataAsync(response);
        Assert.Equal("[DONE]", frames[^1]);
        var chunks = frames.SkipLast(1).Select(f => JsonNode.Parse(f)!).ToList();
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c["object"]!.GetValue<string>()));
        Assert.Single(chunks.Select(c => c["id"]!.GetValue<string>()).Distinct());
        Assert.Equal("assistant", chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>());
        Assert.Equal("stop", chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>());
        var run = Assert.Single(host.Graph.Runs).Body;
        Assert.Equal("And per region?", run["input"]!["messages"]![0]!["content"]!.GetValue<string>());
        Assert.Equal(2, run["config"]!["configurable"]!["history"]!.AsArray().Count);
        Assert.Equal("analyst", run["config"]!["configurable"]!["route"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChatCompletions_GraphFails_ReturnsOpenAIErrorBody()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        host.Graph.FailWithStatus = 409;
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "orchestrator",
            messages = new[] { new { role = "user", content = "How much revenue?" } },
        }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!["error"]!;
        Assert.Equal("api_error", error["type"]!.GetValue<string>());
        Assert.Equal("UpstreamFailed", error["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ChatCompletions_SqlNeedsApproval_AnswersWithTheSqlAwaitingApproval()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        host.Graph.InterruptBeforeAnswer = true;
        host.Graph.Answer = _ => ("unused until approved", new JsonObject { ["sql"] = "SELECT region FROM sales" });
        using var client = host.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "orchestrator",
            messages = new[] { new { role = "user", content = "Revenue per region?" } },
        }).WaitAsync(Timeout);

        response.EnsureSuccessStatusCode();
        var message = (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!["choices"]![0]!["message"]!;
        Assert.Equal("This query needs your approval before it runs:\n\nSELECT region FROM sales", message["content"]!.GetValue<string>());
    }
}
