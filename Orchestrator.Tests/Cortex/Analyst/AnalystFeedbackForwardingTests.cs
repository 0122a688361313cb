using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.Tests.Cortex.Conformance;
using Orchestrator.Tests.Cortex.Local;
using Orchestrator.Tests.Observability;

namespace Orchestrator.Tests.Cortex.Analyst;

public class AnalystFeedbackForwardingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AnalystFeedback_LangfuseConfigured_IsForwardedAsAScoreOnTheAnswersTraceAndSpan()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        await using var cortex = await StartAsync(langfuse);
        // The test's own span is the parent: HttpClient propagates it (a forced traceparent header could be replaced by instrumentation).
        using var parent = new Activity("feedback-test").SetIdFormat(ActivityIdFormat.W3C).Start();
        var traceId = parent.TraceId.ToHexString();

        var answer = await AskAnalystAsync(cortex);
        var requestId = answer.Body!["request_id"]!.GetValue<string>();
        var feedback = await PostAsync(cortex.Client, "/api/v2/cortex/analyst/feedback", new { request_id = requestId, positive = true, feedback_message = "spot on" });
        var unknown = await PostAsync(cortex.Client, "/api/v2/cortex/analyst/feedback", new { request_id = Guid.NewGuid().ToString(), positive = false });

        Assert.Equal(HttpStatusCode.OK, feedback.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        var score = Assert.Single(langfuse.Scores);
        Assert.Equal(traceId, score["traceId"]!.GetValue<string>());
        Assert.Equal("cortex-analyst-feedback", score["name"]!.GetValue<string>());
        Assert.Equal(1, score["value"]!.GetValue<double>());
        Assert.Equal("spot on", score["comment"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{16}$", score["observationId"]!.GetValue<string>());
        Assert.Equal("cortex-analyst-" + requestId, score["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnalystFeedback_LangfuseDown_IsStillAccepted()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        langfuse.Down = true;
        await using var cortex = await StartAsync(langfuse);

        var answer = await AskAnalystAsync(cortex);
        var feedback = await PostAsync(cortex.Client, "/api/v2/cortex/analyst/feedback", new { request_id = answer.Body!["request_id"]!.GetValue<string>(), positive = false });

        Assert.Equal(HttpStatusCode.OK, feedback.Status);
        Assert.Empty(langfuse.Scores);
    }

    private static async Task<CortexGatewayHost> StartAsync(FakeLangfuse langfuse) =>
        await CortexGatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:warehouse-db"] = await SeededWarehouse.GetConnectionStringAsync(),
            ["Cortex:Backend"] = "local",
            ["ConnectionStrings:langfuse"] = langfuse.ConnectionString,
        });

    private static Task<(HttpStatusCode Status, JsonObject? Body)> AskAnalystAsync(CortexGatewayHost cortex) =>
        PostAsync(cortex.Client, "/api/v2/cortex/analyst/message", new
        {
            messages = new[] { new { role = "user", content = new[] { new { type = "text", text = "What is the total revenue?" } } } },
            semantic_model_file = "@WAREHOUSE.PUBLIC.MODELS/retail.yaml",
        });

    private static async Task<(HttpStatusCode Status, JsonObject? Body)> PostAsync(HttpClient client, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.UserAgent.ParseAdd("feedback-tests/1.0");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout));
    }
}
