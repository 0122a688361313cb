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
    public async Task Invocations_AnswerContainsRevenueThatOnlyTheSeededWarehouseHas()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);

        using var response = await client.PostAsJsonAsync("/invocations", new { prompt = "How much revenue is in the warehouse?" }).WaitAsync(Timeout);

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout);
        var expectedRevenue = await QueryWarehouseAsync("SELECT round(sum(quantity * unit_price * (1 - discount)), 2) FROM order_lines");
        Assert.Contains(((decimal)expectedRevenue!).ToString("N2", System.Globalization.CultureInfo.InvariantCulture), body!["response"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("100,000 order lines", body["response"]!.GetValue<string>(), StringComparison.Ordinal);
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
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt = "trace me" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);
        response.EnsureSuccessStatusCode();

        string[] services = [ResourceNames.AgentCore, ResourceNames.Graph, ResourceNames.Cortex];
        static bool IsStatement(ReceivedSpan s) => s.ServiceName == ResourceNames.Cortex && s.Name.Contains("/api/v2/statements", StringComparison.Ordinal);
        static bool IsDatabase(ReceivedSpan s) => s.Attributes.ContainsKey("db.system.name") || s.Attributes.ContainsKey("db.system");

        // Services export in their own batches: wait until the statement's caller has arrived too.
        var spans = await fixture.Traces.WaitForTraceAsync(
            traceId,
            trace => services.All(s => trace.Any(span => span.ServiceName == s)) && trace.Any(IsDatabase) &&
                trace.Any(statement => IsStatement(statement) && trace.Any(caller => caller.SpanId == statement.ParentSpanId)),
            Timeout);
        foreach (var service in services)
        {
            Assert.Contains(spans, span => span.ServiceName == service);
        }

        var statement = spans.First(IsStatement);
        Assert.Equal(ResourceNames.Graph, spans.Single(s => s.SpanId == statement.ParentSpanId).ServiceName);
        Assert.Contains(spans, s => s.ServiceName == ResourceNames.Cortex && s.ParentSpanId != "" && IsDatabase(s));
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
