using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Orchestrator.Tests.Infrastructure;
using Orchestrator.Tests.Observability;

namespace Orchestrator.Tests.AgentCore;

/// <summary>AgentCore with auth required and Langfuse (the fake) configured, shared by the feedback and trace tests.</summary>
public sealed class AgentCoreLangfuseHostFixture : IAsyncLifetime
{
    private readonly PostgresServerFixture _postgres = new();

    public AgentCoreTestHost Host { get; private set; } = null!;

    public FakeLangfuse Langfuse { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Langfuse = await FakeLangfuse.StartAsync();
        Host = await AgentCoreTestHost.StartAsync(_postgres, new Dictionary<string, string?>
        {
            ["ConnectionStrings:langfuse"] = Langfuse.ConnectionString,
            ["Langfuse:ScheduledDelayMilliseconds"] = "100",
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Langfuse.DisposeAsync();
    }
}

public class FeedbackAndTraceTests(AgentCoreLangfuseHostFixture fixture) : IClassFixture<AgentCoreLangfuseHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Feedback_OnOwnAnswer_IsKeptAndSentToLangfuseAsAScoreOnItsTrace()
    {
        using var alice = fixture.Host.CreateClient(await fixture.Host.CreateApiKeyAsync("alice-" + Guid.NewGuid().ToString("N")[..6]));
        var (session, traceId) = await AskAsync(alice, "What was total revenue per region last year?");

        using var response = await alice.PostAsJsonAsync($"/sessions/{session}/feedback", new { trace_id = traceId, positive = false, comment = "wrong year" }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!;
        Assert.True(receipt["forwarded"]!.GetValue<bool>());
        var score = Assert.Single(fixture.Langfuse.Scores, s => s["traceId"]!.GetValue<string>() == traceId);
        Assert.Equal("user-feedback", score["name"]!.GetValue<string>());
        Assert.Equal(0, score["value"]!.GetValue<double>());
        Assert.Equal("BOOLEAN", score["dataType"]!.GetValue<string>());
        Assert.Equal("wrong year", score["comment"]!.GetValue<string>());
        Assert.Equal((true, true), await StoredFeedbackAsync(receipt["id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Feedback_LangfuseDown_IsKeptReportedAsNotForwarded_AndSentOnceLangfuseIsBack()
    {
        await using var langfuse = await FakeLangfuse.StartAsync();
        langfuse.Down = true;
        await using var host = await AgentCoreTestHost.StartAsync(new PostgresServerFixture(), new Dictionary<string, string?>
        {
            ["AgentCore:Auth:Mode"] = "Open",
            ["AgentCore:FeedbackRetrySeconds"] = "1",
            ["ConnectionStrings:langfuse"] = langfuse.ConnectionString,
        });
        using var client = host.CreateClient();
        var (session, traceId) = await AskAsync(client, "How many orders per region?");

        using var response = await client.PostAsJsonAsync($"/sessions/{session}/feedback", new { trace_id = traceId, positive = false, comment = "too slow" }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!;
        Assert.False(receipt["forwarded"]!.GetValue<bool>());
        var id = receipt["id"]!.GetValue<long>();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal((true, false), await StoredFeedbackAsync(host.ConnectionString, id));
        Assert.Empty(langfuse.Scores);

        langfuse.Down = false;
        await WaitUntilAsync(() => langfuse.Scores.Any(s => s["traceId"]!.GetValue<string>() == traceId));

        var score = Assert.Single(langfuse.Scores);
        Assert.Equal(($"agentcore-feedback-{id}", 0d, "too slow"), (score["id"]!.GetValue<string>(), score["value"]!.GetValue<double>(), score["comment"]!.GetValue<string>()));
        await WaitUntilAsync(async () => await StoredFeedbackAsync(host.ConnectionString, id) == (true, true));
    }

    [Fact]
    public async Task Feedback_OnAnotherOwnersAnswerOrAnUnknownTrace_Is404AndSendsNothing()
    {
        using var alice = fixture.Host.CreateClient(await fixture.Host.CreateApiKeyAsync("alice-" + Guid.NewGuid().ToString("N")[..6]));
        using var mallory = fixture.Host.CreateClient(await fixture.Host.CreateApiKeyAsync("mallory-" + Guid.NewGuid().ToString("N")[..6]));
        var (session, traceId) = await AskAsync(alice, "How much revenue did we make?");

        using var stolen = await mallory.PostAsJsonAsync($"/sessions/{session}/feedback", new { trace_id = traceId, positive = false }).WaitAsync(Timeout);
        using var unknown = await alice.PostAsJsonAsync($"/sessions/{session}/feedback", new { trace_id = new string('a', 32), positive = false }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NotFound, stolen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", stolen.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(fixture.Langfuse.Scores, s => s["traceId"]!.GetValue<string>() == traceId);
    }

    [Theory]
    [InlineData("""{"trace_id":"not-hex","positive":true}""")]
    [InlineData("""{"trace_id":"0123456789abcdef0123456789abcdef"}""")]
    [InlineData("""{"trace_id":"0123456789abcdef0123456789abcdef","positive":true,"comment":"LONG"}""")]
    public async Task Feedback_Malformed_Returns422Problem(string body)
    {
        using var alice = fixture.Host.CreateClient(await fixture.Host.CreateApiKeyAsync("alice-" + Guid.NewGuid().ToString("N")[..6]));
        using var content = new StringContent(body.Replace("LONG", new string('x', 2_001), StringComparison.Ordinal), System.Text.Encoding.UTF8, "application/json");

        using var response = await alice.PostAsync($"/sessions/{Guid.NewGuid()}/feedback", content).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Invocations_Trace_CarriesSessionUserNameAndRouteTag_NotTheCallersBaggage()
    {
        var owner = "carol-" + Guid.NewGuid().ToString("N")[..6];
        using var carol = fixture.Host.CreateClient(await fixture.Host.CreateApiKeyAsync(owner));
        carol.DefaultRequestHeaders.Add("baggage", "langfuse.session.id=spoofed,langfuse.user.id=mallory");

        var (session, traceId) = await AskAsync(carol, "What was total revenue per region last year?");
        await fixture.Langfuse.WaitForSpansAsync(spans => spans.Any(s => s.TraceId == traceId && s.Attributes.ContainsKey("langfuse.trace.name")), Timeout);

        var spans = fixture.Langfuse.Spans.Where(s => s.TraceId == traceId).ToList();
        var root = Assert.Single(spans, s => s.Attributes.ContainsKey("langfuse.trace.name"));
        var turn = Assert.Single(spans, s => s.Name == "agentcore.turn");
        // The ids are known once the caller is authenticated and names the session: from then on every span has them,
        // the prompt's embedding (computed while the session is claimed) included.
        var embedding = Assert.Single(spans, s => s.Attributes.GetValueOrDefault("gen_ai.operation.name") == "embeddings");
        var identified = Descendants(spans, turn).Append(turn).Append(embedding).Append(root).ToList();
        Assert.All(identified, s => Assert.Equal(session, s.Attributes.GetValueOrDefault("langfuse.session.id")));
        Assert.All(identified, s => Assert.Equal(owner, s.Attributes.GetValueOrDefault("langfuse.user.id")));
        Assert.DoesNotContain(spans, s => s.Attributes.Values.Any(v => v is "spoofed" or "mallory"));
        Assert.Equal("invocations", root.Attributes["langfuse.trace.name"]);
        Assert.Equal("agentcore,route:analyst", root.Attributes["langfuse.trace.tags"]);
        // The session and user travel on to graph as W3C baggage, the caller's values replaced.
        var baggage = fixture.Host.Graph.BaggageByThread[session];
        Assert.Contains($"langfuse.session.id={session}", baggage, StringComparison.Ordinal);
        Assert.Contains($"langfuse.user.id={owner}", baggage, StringComparison.Ordinal);
        Assert.DoesNotContain("spoofed", baggage, StringComparison.Ordinal);
    }

    private static IEnumerable<ReceivedSpan> Descendants(List<ReceivedSpan> spans, ReceivedSpan parent) =>
        spans.Where(s => s.ParentSpanId == parent.SpanId).SelectMany(child => Descendants(spans, child).Append(child));

    private static async Task<(string Session, string TraceId)> AskAsync(HttpClient client, string prompt)
    {
        var session = InvocationsContractTests.NewSession();
        return (session, await InvocationsContractTests.AskForTraceIdAsync(client, session, prompt));
    }

    private Task<(bool Stored, bool Forwarded)> StoredFeedbackAsync(long id) => StoredFeedbackAsync(fixture.Host.ConnectionString, id);

    private static async Task<(bool Stored, bool Forwarded)> StoredFeedbackAsync(string connectionString, long id)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var row = dataSource.CreateCommand("SELECT forwarded_at IS NOT NULL FROM agentcore_feedback WHERE id = $1");
        row.Parameters.AddWithValue(id);
        return await row.ExecuteScalarAsync().WaitAsync(Timeout) is bool forwarded ? (true, forwarded) : (false, false);
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition) => Poll.UntilAsync(condition, Timeout, TimeSpan.FromMilliseconds(100));

    private static Task WaitUntilAsync(Func<bool> condition) => Poll.UntilAsync(condition, Timeout, TimeSpan.FromMilliseconds(100));
}
