using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.Integration;

/// <summary>What Langfuse receives for one request through the whole AppHost, and the feedback on it.</summary>
[Collection(AppHostTestGroup.Name)]
public class LangfuseTraceTests(AppHostFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Invocations_LangfuseReceivesOneTraceAcrossTheServicesWithSessionUserObservationTypesAndDeployment()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);
        var session = Guid.NewGuid().ToString();

        var traceId = await AgentCore.InvocationsContractTests.AskForTraceIdAsync(client, session, "What is the revenue by region?");
        string[] services = [ResourceNames.AgentCore, ResourceNames.Graph, ResourceNames.Cortex];
        await fixture.Langfuse.WaitForSpansAsync(
            all => services.All(service => all.Any(s => s.TraceId == traceId && s.ServiceName == service && s.Name.StartsWith("POST", StringComparison.Ordinal)))
                && all.Any(s => s.TraceId == traceId && s.Name == "graph.run orchestrator")
                && all.Any(s => s.TraceId == traceId && s.Attributes.ContainsKey("langfuse.trace.name")),
            Timeout);

        var spans = fixture.Langfuse.Spans.Where(s => s.TraceId == traceId).ToList();
        Assert.All(services, service => Assert.Contains(spans, s => s.ServiceName == service));
        // Each service's incoming request span carries the session and the user the edge identified.
        var servers = services.Select(service => spans.First(s => s.ServiceName == service && s.Name.StartsWith("POST", StringComparison.Ordinal))).ToList();
        Assert.All(servers, s => Assert.Equal(session, s.Attributes.GetValueOrDefault("langfuse.session.id")));
        var user = servers[0].Attributes["langfuse.user.id"];
        Assert.All(servers, s => Assert.Equal(user, s.Attributes.GetValueOrDefault("langfuse.user.id")));
        // Graph's and Cortex's own spans too, not only the request spans.
        var run = spans.Single(s => s.Name == "graph.run orchestrator");
        Assert.Equal(("agent", session), (run.Attributes["langfuse.observation.type"], run.Attributes["langfuse.session.id"]));
        Assert.Equal("tool", spans.Single(s => s.Name == "graph.node analyst").Attributes["langfuse.observation.type"]);
        Assert.All(spans.Where(s => s.ServiceName is ResourceNames.Graph or ResourceNames.Cortex),
            s => Assert.Equal((session, user), (s.Attributes.GetValueOrDefault("langfuse.session.id"), s.Attributes.GetValueOrDefault("langfuse.user.id"))));
        // The trace's name and tags, and the deployment on every span.
        var root = Assert.Single(spans, s => s.Attributes.ContainsKey("langfuse.trace.name"));
        Assert.Equal(("invocations", "agentcore,route:analyst"), (root.Attributes["langfuse.trace.name"], root.Attributes["langfuse.trace.tags"]));
        var environment = root.Attributes["langfuse.environment"];
        Assert.Matches("^[a-z]+$", environment);
        Assert.All(spans, s => Assert.Equal(environment, s.Attributes.GetValueOrDefault("langfuse.environment")));
        Assert.All(spans, s => Assert.False(string.IsNullOrEmpty(s.Attributes.GetValueOrDefault("langfuse.release"))));
        Assert.DoesNotContain(spans, s => s.Attributes.Values.Any(v => v.Contains(Observability.FakeLangfuse.SecretKey, StringComparison.Ordinal)));
        // The question is embedded once, at the edge; graph and cortex use that embedding.
        Assert.Single(spans, s => s.Name.StartsWith("embeddings", StringComparison.Ordinal) && s.ServiceName == ResourceNames.AgentCore);
        Assert.DoesNotContain(spans, s => s.Name.StartsWith("embeddings", StringComparison.Ordinal) && s.ServiceName != ResourceNames.AgentCore);
    }

    [Fact]
    public async Task Feedback_ThroughTheAppHost_BecomesALangfuseScoreOnTheAnswersTrace()
    {
        using var client = fixture.CreateClient(ResourceNames.AgentCore);
        var session = Guid.NewGuid().ToString();
        var traceId = await AgentCore.InvocationsContractTests.AskForTraceIdAsync(client, session, "How many orders were placed per channel?");

        using var response = await client.PostAsJsonAsync($"/sessions/{session}/feedback", new { trace_id = traceId, positive = true, comment = "right numbers" }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!["forwarded"]!.GetValue<bool>());
        var score = Assert.Single(fixture.Langfuse.Scores, s => s["traceId"]!.GetValue<string>() == traceId);
        Assert.Equal(("user-feedback", 1d), (score["name"]!.GetValue<string>(), score["value"]!.GetValue<double>()));
    }
}
