using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.AgentCore.Runtime;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.AgentCore;

public class InvocationsContractTests(AgentCoreOpenHostFixture fixture) : IClassFixture<AgentCoreOpenHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private AgentCoreTestHost Host => fixture.Host;

    [Fact]
    public async Task Invocations_WithoutSession_CreatesOneReturnsItAndUsesItAsThread()
    {
        using var client = Host.CreateClient();

        using var response = await client.PostAsJsonAsync("/invocations", new { prompt = "How much revenue did we make?" }).WaitAsync(Timeout);

        response.EnsureSuccessStatusCode();
        var header = Assert.Single(response.Headers.GetValues(SessionIds.Header));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout);
        Assert.True(Guid.TryParse(header, out _));
        Assert.Equal(header, body!["session_id"]!.GetValue<string>());
        Assert.Contains(Host.Graph.Runs, r => r.ThreadId == header);
    }

    [Fact]
    public async Task Invocations_Json_ReturnsGraphAnswerRouteAndPassesTheEmbeddingOnce()
    {
        using var client = Host.CreateClient();
        var session = NewSession();

        using var response = await PostAsync(client, session, new { prompt = "What was total revenue per region last year?" });

        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!;
        Assert.Equal("The graph answered: 44 characters.", body["response"]!.GetValue<string>());
        Assert.Equal("analyst", body["route"]!.GetValue<string>());
        var run = Assert.Single(Host.Graph.Runs, r => r.ThreadId == session).Body;
        Assert.Equal("analyst", run["config"]!["configurable"]!["route"]!.GetValue<string>());
        var hint = run["config"]!["configurable"]!["question_embedding"]!.GetValue<string>();
        Assert.Equal(384, Orchestrator.AI.Embeddings.EmbeddingHint.TryDecode(hint, "snowflake-arctic-embed-xs", "What was total revenue per region last year?")!.Length);
        Assert.Equal(session, run["config"]!["configurable"]!["thread_id"]!.GetValue<string>());
        Assert.Equal("exit", run["durability"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invocations_AcceptEventStream_RelaysTheAnswerTokensThenDone()
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt = "How many orders per region?" }) };
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);

        response.EnsureSuccessStatusCode();
        var frames = await SseFrames.ReadJsonAsync(response);
        var types = frames.Select(f => f["type"]!.GetValue<string>()).ToList();
        Assert.Equal("route", types[0]);
        Assert.Equal("done", types[^1]);
        var deltas = frames.Where(f => f["type"]!.GetValue<string>() == "delta").Select(f => f["content"]!.GetValue<string>()).ToList();
        // One frame per token of the answering node; the router's token in graph's stream is not relayed.
        Assert.Equal(["The", " graph", " answered:", " 27", " characters."], deltas);
        Assert.Equal("analyst", frames[0]["route"]!.GetValue<string>());
        Assert.Equal(string.Concat(deltas), frames[^1]["response"]!.GetValue<string>());
        Assert.Equal(Assert.Single(response.Headers.GetValues(SessionIds.Header)), frames[^1]["session_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invocations_Streaming_RelaysATokenWhileTheGraphRunIsStillGoing()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        var hold = new TaskCompletionSource();
        host.Graph.HoldAfterFirstToken = hold.Task;
        host.Graph.Answer = _ => ("Revenue grew strongly.", null);
        using var client = host.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt = "How much revenue?", stream = true }) };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var route = await reader.ReadLineAsync().WaitAsync(Timeout);
        await reader.ReadLineAsync().WaitAsync(Timeout);
        var firstToken = await reader.ReadLineAsync().WaitAsync(Timeout);
        hold.SetResult();
        var rest = await reader.ReadToEndAsync().WaitAsync(Timeout);

        Assert.StartsWith("data: {\"type\":\"route\"", route, StringComparison.Ordinal);
        Assert.Equal("data: {\"type\":\"delta\",\"content\":\"Revenue\"}", firstToken);
        Assert.Contains("\"response\":\"Revenue grew strongly.\"", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_GraphStreamsNoTokens_SendsTheFinalAnswerAsOneDelta()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        host.Graph.StreamTokens = false;
        using var client = host.CreateClient();

        using var response = await PostAsync(client, NewSession(), new { prompt = "How much revenue?", stream = true });

        var frames = await SseFrames.ReadJsonAsync(response);
        Assert.Equal(["route", "delta", "done"], frames.Select(f => f["type"]!.GetValue<string>()));
        Assert.Equal("The graph answered: 17 characters.", frames[1]["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invocations_GraphFailsMidRun_EndsWithAnErrorFrameThatQuotesNoUpstreamDetail()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        host.Graph.FailAfterTokens = 2;
        using var client = host.CreateClient();
        var session = NewSession();

        using var response = await PostAsync(client, session, new { prompt = "What is the revenue?", stream = true });

        var frames = await SseFrames.ReadJsonAsync(response);
        Assert.Equal(["route", "delta", "delta"], frames.Take(3).Select(f => f["type"]!.GetValue<string>()));
        var error = frames[^1];
        Assert.Equal("UpstreamFailed", error["error_type"]!.GetValue<string>());
        Assert.Contains("CortexException", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        using var history = await client.GetAsync($"/sessions/{session}/messages").WaitAsync(Timeout);
        var messages = await history.Content.ReadFromJsonAsync<JsonArray>().WaitAsync(Timeout);
        Assert.Empty(messages!);
    }

    [Fact]
    public async Task Invocations_Streaming_SendsTheRouteFrameBeforeTheGraphAnswers()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        var release = new TaskCompletionSource();
        host.Graph.Answer = _ =>
        {
            release.Task.Wait(Timeout);
            return ("late answer", null);
        };
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt = "How much revenue?", stream = true }) };

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await reader.ReadLineAsync().WaitAsync(Timeout);
        var separator = await reader.ReadLineAsync().WaitAsync(Timeout);
        release.SetResult();
        var rest = await reader.ReadToEndAsync().WaitAsync(Timeout);

        Assert.StartsWith("data: {\"type\":\"route\"", first, StringComparison.Ordinal);
        Assert.Equal("", separator);
        Assert.Contains("late answer", rest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_StreamFlagInBody_Streams()
    {
        using var client = Host.CreateClient();

        using var response = await PostAsync(client, NewSession(), new { prompt = "Hello there!", stream = true });

        var frames = await SseFrames.ReadJsonAsync(response);
        Assert.Equal("general", frames[0]["route"]!.GetValue<string>());
        Assert.Equal("done", frames[^1]["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invocations_GraphUnavailable_IsNotRetried_BecauseARunAppendsToTheThread()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        host.Graph.FailWithStatus = 503;
        using var client = host.CreateClient();
        var session = NewSession();

        using var response = await PostAsync(client, session, new { prompt = "What is the revenue?" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Single(host.Graph.Runs, r => r.ThreadId == session);
    }

    [Fact]
    public async Task Invocations_GraphFailsWhileStreaming_EndsWithErrorFrame()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        host.Graph.FailWithStatus = 409;
        using var client = host.CreateClient();

        using var response = await PostAsync(client, NewSession(), new { prompt = "What is the revenue?", stream = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var frames = await SseFrames.ReadJsonAsync(response);
        Assert.Equal("route", frames[0]["type"]!.GetValue<string>());
        var error = frames[^1];
        Assert.Equal("upstream_error", error["error"]!.GetValue<string>());
        Assert.Equal("UpstreamFailed", error["error_type"]!.GetValue<string>());
        Assert.Contains("409", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

        using var json = await PostAsync(client, NewSession(), new { prompt = "What is the revenue?" });
        Assert.Equal(HttpStatusCode.BadGateway, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Invocations_SqlNeedsApproval_AsksForItThenApprovingResumesTheRunAndAnswers()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        using var client = host.CreateClient();
        var session = NewSession();
        const string Sql = "SELECT region, sum(amount) FROM sales GROUP BY region";
        host.Graph.Answer = _ => ("North leads with 1,234.50.", new JsonObject { ["sql"] = Sql });
        host.Graph.InterruptBeforeAnswer = true;

        using var asked = await PostAsync(client, session, new { prompt = "What is the revenue per region?" });
        var pending = (await asked.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!;
        using var approved = await PostAsync(client, session, new { approve = true });
        var answered = (await approved.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!;

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal("i-1", pending["approval"]!["id"]!.GetValue<string>());
        Assert.Equal(Sql, pending["sql"]!.GetValue<string>());
        Assert.Contains(Sql, pending["response"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("North leads with 1,234.50.", answered["response"]!.GetValue<string>());
        Assert.Equal("analyst", answered["route"]!.GetValue<string>());
        Assert.Null(answered["approval"]);
        var resume = host.Graph.Runs.Where(r => r.ThreadId == session).Last().Body;
        Assert.True(resume["command"]!["resume"]!["approved"]!.GetValue<bool>());
        Assert.Null(resume["input"]);
        var messages = (await client.GetFromJsonAsync<JsonArray>($"/sessions/{session}/messages").WaitAsync(Timeout))!;
        Assert.Equal(
            ["What is the revenue per region?", pending["response"]!.GetValue<string>(), "Approved the query.", "North leads with 1,234.50."],
            messages.Select(m => m!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Invocations_SqlApprovalDeclinedWhileStreaming_RelaysTheDeclinedAnswer()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        using var client = host.CreateClient();
        var session = NewSession();
        host.Graph.InterruptBeforeAnswer = true;
        (await PostAsync(client, session, new { prompt = "What is the revenue per region?" })).EnsureSuccessStatusCode();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { approve = false, stream = true }) };
        request.Headers.Add(SessionIds.Header, session);

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Timeout);

        var frames = await SseFrames.ReadJsonAsync(response);
        Assert.Equal("route", frames[0]["type"]!.GetValue<string>());
        Assert.Equal("done", frames[^1]["type"]!.GetValue<string>());
        Assert.Equal(FakeGraph.DeclinedAnswer, frames[^1]["response"]!.GetValue<string>());
        Assert.False(host.Graph.Runs.Last().Body["command"]!["resume"]!["approved"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Invocations_ApprovalWithNothingWaiting_Returns409AndRemembersNothing()
    {
        using var client = Host.CreateClient();
        var session = NewSession();
        (await PostAsync(client, session, new { prompt = "How much revenue in 2024?" })).EnsureSuccessStatusCode();

        using var response = await PostAsync(client, session, new { approve = true });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!;
        Assert.Equal("Nothing in this session is waiting for approval.", problem["detail"]!.GetValue<string>());
        var messages = (await client.GetFromJsonAsync<JsonArray>($"/sessions/{session}/messages").WaitAsync(Timeout))!;
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task Invocations_PromptAndApprovalTogether_Returns422WithoutRunningTheGraph()
    {
        using var client = Host.CreateClient();
        var session = NewSession();

        using var response = await PostAsync(client, session, new { prompt = "Run it", approve = true });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("not both", (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Graph.Runs, r => r.ThreadId == session);
    }

    [Fact]
    public async Task Invocations_AnswerWritten_IsRememberedWhileGraphStillRecordsTheRunsEnd()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        using var client = host.CreateClient();
        var session = NewSession();
        var runEnd = new TaskCompletionSource();
        host.Graph.HoldAfterAnswer = runEnd.Task;

        var invocation = PostAsync(client, session, new { prompt = "How much revenue in 2024?" });
        await Poll.UntilAsync(async () => await RememberedAsync(client, session) is { Count: 2 }, Timeout, TimeSpan.FromMilliseconds(20));
        runEnd.SetResult();
        using var response = await invocation;

        response.EnsureSuccessStatusCode();
        Assert.Equal(["How much revenue in 2024?", "The graph answered: 25 characters."], await RememberedAsync(client, session));
    }

    [Fact]
    public async Task Invocations_GraphFailsAfterTheAnswer_Returns502AndForgetsTheTurn()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        using var client = host.CreateClient();
        var session = NewSession();
        (await PostAsync(client, session, new { prompt = "How much revenue in 2024?" })).EnsureSuccessStatusCode();
        host.Graph.FailAfterAnswer = true;

        using var response = await PostAsync(client, session, new { prompt = "And per region?" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(["How much revenue in 2024?", "The graph answered: 25 characters."], await RememberedAsync(client, session));
    }

    private static async Task<List<string>> RememberedAsync(HttpClient client, string session)
    {
        using var response = await client.GetAsync($"/sessions/{session}/messages").WaitAsync(Timeout);
        return response.IsSuccessStatusCode
            ? [.. (await response.Content.ReadFromJsonAsync<JsonArray>().WaitAsync(Timeout))!.Select(m => m!["content"]!.GetValue<string>())]
            : [];
    }

    [Fact]
    public async Task Invocations_SecondTurn_SendsTheFirstTurnAsHistory()
    {
        using var client = Host.CreateClient();
        var session = NewSession();

        (await PostAsync(client, session, new { prompt = "How much revenue in 2024?" })).EnsureSuccessStatusCode();
        (await PostAsync(client, session, new { prompt = "And per region?" })).EnsureSuccessStatusCode();

        var runs = Host.Graph.Runs.Where(r => r.ThreadId == session).ToList();
        Assert.Equal(2, runs.Count);
        var second = runs[1].Body;
        Assert.Equal("analyst", second["config"]!["configurable"]!["route"]!.GetValue<string>());
        var history = second["config"]!["configurable"]!["history"]!.AsArray();
        Assert.Equal(["human", "ai"], history.Select(m => m!["type"]!.GetValue<string>()));
        Assert.Equal("How much revenue in 2024?", history[0]!["content"]!.GetValue<string>());
        Assert.Equal("The graph answered: 25 characters.", history[1]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invocations_AmbiguousFirstQuestion_AsksToClarifyWithoutRunningTheGraph()
    {
        using var client = Host.CreateClient();
        var session = NewSession();

        using var response = await PostAsync(client, session, new { prompt = "And per region?" });

        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!;
        Assert.StartsWith("I'm not sure what you need yet.", body["response"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain(Host.Graph.Runs, r => r.ThreadId == session);
    }

    [Fact]
    public async Task Invocations_PromptOverTheLimit_Returns422Problem()
    {
        using var client = Host.CreateClient();

        using var response = await PostAsync(client, NewSession(), new { prompt = new string('x', 16_001) });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout);
        Assert.Contains("16001", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_InvalidSessionHeader_Returns400Problem()
    {
        using var client = Host.CreateClient();

        using var response = await PostAsync(client, "short", new { prompt = "hi" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Ping_WhileAnInvocationRuns_IsHealthyBusyThenHealthy()
    {
        await using var host = await AgentCoreTestHost.StartOpenAsync();
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        host.Graph.Answer = _ =>
        {
            entered.TrySetResult();
            release.Task.Wait(Timeout);
            return ("done", null);
        };
        using var client = host.CreateClient();
        var idle = await client.GetFromJsonAsync<JsonObject>("/ping").WaitAsync(Timeout);

        var invocation = PostAsync(client, NewSession(), new { prompt = "How much revenue?" });
        await entered.Task.WaitAsync(Timeout);
        var busy = await client.GetFromJsonAsync<JsonObject>("/ping").WaitAsync(Timeout);
        release.SetResult();
        (await invocation).EnsureSuccessStatusCode();
        var after = await client.GetFromJsonAsync<JsonObject>("/ping").WaitAsync(Timeout);

        Assert.Equal("Healthy", idle!["status"]!.GetValue<string>());
        Assert.Equal("HealthyBusy", busy!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", after!["status"]!.GetValue<string>());
        Assert.True(after["time_of_last_update"]!.GetValue<long>() >= busy["time_of_last_update"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("sk-placeholder", HttpStatusCode.OK)]
    [InlineData("ack_0123456789ab_wrongSecret", HttpStatusCode.Unauthorized)]
    public async Task Invocations_OpenMode_PlaceholderKeyIsAnonymousButAWrongApiKeyIsRefused(string key, HttpStatusCode expected)
    {
        using var client = Host.CreateClient(key);

        using var response = await PostAsync(client, NewSession(), new { prompt = "Hello!" });

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/ping")]
    public async Task ProbeEndpoints_NeedNoCredentials(string path)
    {
        await using var host = await AgentCoreTestHost.StartAsync(new Infrastructure.PostgresServerFixture());
        using var client = host.CreateClient();

        using var response = await client.GetAsync(path).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    internal static string NewSession() => Guid.NewGuid().ToString();

    internal static Task<HttpResponseMessage> PostAsync(HttpClient client, string session, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(body) };
        request.Headers.Add(SessionIds.Header, session);
        return client.SendAsync(request).WaitAsync(Timeout);
    }

    /// <summary>Asks <paramref name="prompt"/> in <paramref name="session"/> (JSON answer) and returns the answer's trace id.</summary>
    internal static async Task<string> AskForTraceIdAsync(HttpClient client, string session, string prompt)
    {
        using var response = await PostAsync(client, session, new { prompt });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!["trace_id"]!.GetValue<string>();
    }
}
