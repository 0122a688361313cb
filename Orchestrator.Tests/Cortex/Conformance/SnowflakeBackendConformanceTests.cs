using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Orchestrator.Tests.Cortex.Fakes;
using Orchestrator.Tests.Cortex.Snowflake;

namespace Orchestrator.Tests.Cortex.Conformance;

/// <summary>
/// The conformance suite against the snowflake backend: the gateway signs key-pair JWTs and talks
/// to the strict fake Snowflake account, which answers from fixtures shaped by the OpenAPI specs.
/// </summary>
public sealed class SnowflakeBackendConformanceTests : CortexConformanceTests
{
    private static readonly string[] SearchOperators = ["@eq", "@contains", "@gte", "@lte", "@and", "@or", "@not"];
    private FakeSnowflakeServer _fake = null!;

    protected override async Task<CortexGatewayHost> StartGatewayAsync()
    {
        _fake = await FakeSnowflakeServer.StartAsync();
        _fake.Auth.RegisterPublicKey(SnowflakeClientFactory.QualifiedUser, TestKeys.PublicKey);
        _fake.PartitionSize = 10_000;
        _fake.AddResult(CountStatement, [("N", "FIXED")], [["100000"]]);
        _fake.AddResult(LongStatement, [("ORDER_ID", "FIXED")], Enumerable.Range(1, 25_000).Select(i => new string?[] { i.ToString(CultureInfo.InvariantCulture) }).ToList());
        _fake.OnCortex("/api/v2/databases/WAREHOUSE/schemas/PUBLIC/cortex-search-services/support_search:query", Search);
        _fake.OnCortex("/api/v2/cortex/analyst/message", Analyst);
        _fake.OnCortex("/api/v2/cortex/agent:run", Agent);
        return await CortexGatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Cortex:Backend"] = "snowflake",
            ["Cortex:Snowflake:Account"] = SnowflakeClientFactory.Account,
            ["Cortex:Snowflake:User"] = SnowflakeClientFactory.User,
            ["Cortex:Snowflake:PrivateKeyPath"] = TestKeys.PrivateKeyPath,
            ["Cortex:Snowflake:BaseUrl"] = _fake.BaseUrl.ToString(),
            ["Cortex:Snowflake:Warehouse"] = "COMPUTE_WH",
        });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Gateway_EveryUpstreamRequest_CarriesAVerifiedJwtAndUserAgent()
    {
        await PostAsync("/api/v2/statements", new { statement = CountStatement });

        var requests = _fake.Requests.ToList();
        Assert.NotEmpty(requests);
        Assert.All(requests, r => Assert.Equal((200, "KEYPAIR_JWT", SnowflakeClientFactory.QualifiedUser), (r.Status, r.TokenType, r.Subject)));
        Assert.All(requests, r => Assert.False(string.IsNullOrWhiteSpace(r.UserAgent)));
    }

    /// <inheritdoc />
    protected override void AssertExecutedOnce(string statement) => Assert.Equal(1, _fake.Executions[statement]);

    private static IResult Search(JsonObject body)
    {
        if (body["filter"] is JsonObject filter && !IsValidFilter(filter))
        {
            return FakeSnowflakeServer.Error(400, "399502", "Invalid filter.");
        }

        var columns = body["columns"]?.AsArray().Select(c => c!.GetValue<string>()).ToList() ?? ["title"];
        var limit = body["limit"]?.GetValue<int>() ?? 10;
        var rows = Enumerable.Range(1, Math.Min(limit, 2)).Select(i => columns.ToDictionary(c => c, c => c == "category" ? "returns" : $"{c} {i}")).ToList();
        return Results.Json(new { results = rows, request_id = Guid.NewGuid().ToString() });
    }

    private static bool IsValidFilter(JsonObject filter) =>
        filter.Count == 1 && filter.First() is var (op, operand) && SearchOperators.Contains(op) && op switch
        {
            "@and" or "@or" => operand is JsonArray { Count: > 0 } items && items.All(f => f is JsonObject o && IsValidFilter(o)),
            "@not" => operand is JsonObject inner && IsValidFilter(inner),
            _ => operand is JsonObject { Count: 1 },
        };

    private static IResult Analyst(JsonObject body)
    {
        if (body["semantic_model_file"]?.GetValue<string>() is not { } file || !file.EndsWith("/retail.yaml", StringComparison.Ordinal))
        {
            return FakeSnowflakeServer.Error(404, "392704", "Semantic model file does not exist or not authorized.");
        }

        const string Sql = "SELECT r.region_name, SUM(ol.quantity * ol.unit_price) AS revenue FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id JOIN customers c ON c.customer_id = o.customer_id JOIN regions r ON r.region_id = c.region_id GROUP BY 1";
        var requestId = Guid.NewGuid().ToString();
        if (body["stream"]?.GetValue<bool>() != true)
        {
            return Results.Json(new
            {
                message = new { role = "analyst", content = new object[] { new { type = "text", text = "This is our interpretation of your question: revenue by region" }, new { type = "sql", statement = Sql } } },
                request_id = requestId,
                warnings = Array.Empty<object>(),
                response_metadata = new { },
            });
        }

        return Sse(
            ("status", new { status = "interpreting_question", status_message = "Interpreting question", request_id = requestId }),
            ("message.content.delta", new { type = "text", index = 0, text_delta = "Revenue by region" }),
            ("message.content.delta", new { type = "sql", index = 1, statement_delta = Sql }),
            ("response_metadata", new { }),
            ("status", new { status = "done", status_message = "Done", request_id = requestId }),
            ("done", new { }));
    }

    private static IResult Agent(JsonObject body)
    {
        var tool = body["tools"]![0]!["tool_spec"]!;
        var name = tool["name"]!.GetValue<string>();
        return Sse(
            ("response.status", new { status = "planning", message = "Planning the next steps" }),
            ("response.tool_use", new { content_index = 0, tool_use_id = "toolu_1", type = tool["type"]!.GetValue<string>(), name, input = new { query = "revenue by region" } }),
            ("response.tool_result", new { content_index = 1, tool_use_id = "toolu_1", type = tool["type"]!.GetValue<string>(), name, status = "success", content = new[] { new { type = "json", json = new { sql = "SELECT 1" } } } }),
            ("response.text.delta", new { content_index = 2, text = "Revenue is highest in Europe." }),
            ("response", new { role = "assistant", content = new[] { new { type = "text", text = "Revenue is highest in Europe." } } }));
    }

    private static IResult Sse(params (string Name, object Data)[] events)
    {
        var text = new StringBuilder();
        foreach (var (name, data) in events)
        {
            text.Append("event: ").Append(name).Append("\ndata: ").Append(JsonSerializer.Serialize(data)).Append("\n\n");
        }

        return Results.Text(text.ToString(), "text/event-stream", statusCode: (int)HttpStatusCode.OK);
    }
}
