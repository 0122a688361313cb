using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Npgsql;
using Orchestrator.ServiceDefaults;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Integration;

[Collection(AppHostTestGroup.Name)]
public class WalkingSkeletonTests(AppHostFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AllResources_BecomeHealthy()
    {
        string[] names = [ResourceNames.Postgres, ResourceNames.OrchestratorDb, ResourceNames.WarehouseDb,
            ResourceNames.Cortex, ResourceNames.Graph, ResourceNames.AgentCore];
        foreach (var name in names)
        {
            var state = await fixture.App.ResourceNotifications.WaitForResourceHealthyAsync(name).WaitAsync(Timeout);
            Assert.Equal(KnownResourceStates.Running, state.Snapshot.State?.Text);
        }
    }

    [Fact]
    public async Task Invocations_VerifiedQuestion_AnswerHasTheRevenueThatOnlyTheSeededWarehouseHas()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);

        using var response = await client.PostAsJsonAsync("/invocations", new { prompt = "What is the total revenue?" }).WaitAsync(Timeout);

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout);
        // Computed here independently: net revenue of orders that were not cancelled.
        var expected = (decimal)(await QueryWarehouseAsync(
            "SELECT round(sum(ol.quantity * ol.unit_price * (1 - ol.discount)), 2) FROM order_lines ol JOIN orders o USING (order_id) WHERE o.status <> 'cancelled'"))!;
        Assert.Contains(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), body!["response"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_WithoutSession_CreatesOneAndReturnsIt()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);

        using var response = await client.PostAsJsonAsync("/invocations", new { prompt = "hello" }).WaitAsync(Timeout);

        response.EnsureSuccessStatusCode();
        var header = Assert.Single(response.Headers.GetValues("X-Amzn-Bedrock-AgentCore-Runtime-Session-Id"));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout);
        Assert.True(Guid.TryParse(header, out _));
        Assert.Equal(header, body!["session_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invocations_TraceSpansAgentCoreGraphAndCortex()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);

        // The trace id comes from agentcore's answer rather than a traceparent the test forces: other
        // tests host services in this process, and their instrumentation may start the client's trace.
        using var response = await client.PostAsJsonAsync("/invocations", new { prompt = "What is the revenue by region?" }).WaitAsync(Timeout);
        response.EnsureSuccessStatusCode();
        var traceId = (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!["trace_id"]!.GetValue<string>();

        string[] services = [ResourceNames.AgentCore, ResourceNames.Graph, ResourceNames.Cortex];
        static bool IsStatement(ReceivedSpan s) => s.ServiceName == ResourceNames.Cortex && s.Name.Contains("/api/v2/statements", StringComparison.Ordinal);
        static bool IsDatabase(ReceivedSpan s) => s.Attributes.ContainsKey("db.system.name") || s.Attributes.ContainsKey("db.system");

        // Services export in their own batches: wait until the statement's caller has arrived too.
        var spans = await fixture.Traces.WaitForTraceAsync(
            traceId,
            trace => services.All(s => trace.Any(span => span.ServiceName == s)) && trace.Any(IsDatabase) &&
                trace.Any(statement => IsStatement(statement) && trace.Any(caller => caller.SpanId == statement.ParentSpanId)) &&
                trace.Any(s => s.Name == "graph.run orchestrator"),
            Timeout);
        foreach (var service in services)
        {
            Assert.Contains(spans, span => span.ServiceName == service);
        }

        var statement = spans.First(IsStatement);
        Assert.Equal(ResourceNames.Graph, spans.Single(s => s.SpanId == statement.ParentSpanId).ServiceName);
        Assert.Contains(spans, s => s.ServiceName == ResourceNames.Cortex && s.ParentSpanId != "" && IsDatabase(s));

        // Graph's own spans carry Langfuse observation types: the run is the agent, Cortex calls are tools.
        var run = spans.Single(s => s.Name == "graph.run orchestrator");
        Assert.Equal("agent", run.Attributes["langfuse.observation.type"]);
        var analyst = spans.Single(s => s.Name == "graph.node analyst");
        Assert.Equal(("tool", run.SpanId), (analyst.Attributes["langfuse.observation.type"], analyst.ParentSpanId));
        Assert.Equal(analyst.SpanId, spans.Single(s => s.SpanId == statement.ParentSpanId).ParentSpanId);
    }

    [Fact]
    public async Task Invocations_MalformedJson_Returns400ProblemDetails()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);

        using var response = await client.PostAsync("/invocations", new StringContent("{\"prompt\": ", System.Text.Encoding.UTF8, "application/json")).WaitAsync(Timeout);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Invocations_BodyOverTheLimit_Returns413ProblemDetails()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);
        var prompt = new string('x', 300 * 1024);

        using var response = await client.PostAsJsonAsync("/invocations", new { prompt }).WaitAsync(Timeout);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemDetails()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);

        using var response = await client.GetAsync("/no/such/route").WaitAsync(Timeout);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cortex_StatementThatWrites_IsRefusedAndChangesNothing()
    {
        using var client = fixture.CreateClient(ResourceNames.Cortex);
        var before = await QueryWarehouseAsync("SELECT count(*) FROM regions");

        using var drop = await client.PostAsJsonAsync("/api/v2/statements", new { statement = "DELETE FROM regions" }).WaitAsync(Timeout);
        using var smuggled = await client.PostAsJsonAsync("/api/v2/statements", new { statement = "SELECT 1; DELETE FROM regions" }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, drop.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, smuggled.StatusCode);
        Assert.Equal(before, await QueryWarehouseAsync("SELECT count(*) FROM regions"));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout);
        Assert.Equal((int)expected, problem!["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["type"]?.GetValue<string>()));
        Assert.DoesNotContain("   at ", problem.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task<object?> QueryWarehouseAsync(string sql)
    {
        var connectionString = await fixture.App.GetConnectionStringAsync(ResourceNames.WarehouseDb).AsTask().WaitAsync(Timeout);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync().WaitAsync(Timeout);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync().WaitAsync(Timeout);
    }
}
