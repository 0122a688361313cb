using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orchestrator.Tests.Cortex.Conformance;

/// <summary>
/// The northbound API's contract, run against every backend: Snowflake's paths, status codes and
/// JSON shapes, whatever answers behind the gateway. Subclasses start the gateway with their backend.
/// </summary>
[Collection(InProcessGatewayGroup.Name)]
public abstract class CortexConformanceTests : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A statement whose single cell is the number of order lines (100000).</summary>
    protected const string CountStatement = "SELECT count(*) AS n FROM order_lines";

    /// <summary>A statement returning order ids 1…25000 in order (three partitions of 10000).</summary>
    protected const string LongStatement = "SELECT order_id FROM orders ORDER BY order_id";

    /// <summary>A statement over a table that does not exist.</summary>
    protected const string MissingTableStatement = "SELECT * FROM no_such_table";

    protected const string SearchPath = "/api/v2/databases/WAREHOUSE/schemas/PUBLIC/cortex-search-services/support_search:query";

    protected CortexGatewayHost Gateway { get; private set; } = null!;

    protected HttpClient Client => Gateway.Client;

    protected abstract Task<CortexGatewayHost> StartGatewayAsync();

    public async Task InitializeAsync() => Gateway = await StartGatewayAsync();

    public virtual async Task DisposeAsync() => await Gateway.DisposeAsync();

    [Fact]
    public async Task Statements_Synchronous_ReturnsResultSetWithStringCells()
    {
        var (status, body) = await PostAsync("/api/v2/statements", new { statement = CountStatement });

        Assert.Equal(HttpStatusCode.OK, status);
        var meta = body.GetProperty("resultSetMetaData");
        Assert.Equal("jsonv2", meta.GetProperty("format").GetString());
        Assert.Equal("FIXED", meta.GetProperty("rowType")[0].GetProperty("type").GetString());
        Assert.Equal("100000", body.GetProperty("data")[0][0].GetString());
        Assert.True(Guid.TryParse(body.GetProperty("statementHandle").GetString(), out _));
    }

    [Fact]
    public async Task Statements_LongResult_IsPagedThroughPartitions()
    {
        var (status, first) = await PostAsync("/api/v2/statements", new { statement = LongStatement });
        Assert.Equal(HttpStatusCode.OK, status);
        var handle = first.GetProperty("statementHandle").GetString();
        var partitions = first.GetProperty("resultSetMetaData").GetProperty("partitionInfo");
        Assert.Equal(3, partitions.GetArrayLength());
        Assert.Equal(25000, first.GetProperty("resultSetMetaData").GetProperty("numRows").GetInt32());

        var (secondStatus, second) = await GetAsync($"/api/v2/statements/{handle}?partition=1");

        Assert.Equal(HttpStatusCode.OK, secondStatus);
        Assert.Equal(partitions[1].GetProperty("rowCount").GetInt32(), second.GetProperty("data").GetArrayLength());
        var firstCount = first.GetProperty("data").GetArrayLength();
        Assert.Equal((firstCount + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), second.GetProperty("data")[0][0].GetString());
    }

    [Fact]
    public async Task Statements_Async_Returns202ThenTheResultOnPoll()
    {
        var (status, accepted) = await PostAsync("/api/v2/statements?async=true", new { statement = CountStatement });

        Assert.Equal(HttpStatusCode.Accepted, status);
        var statusUrl = accepted.GetProperty("statementStatusUrl").GetString()!;
        JsonElement result = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            (status, result) = await GetAsync(statusUrl);
            if (status != HttpStatusCode.Accepted)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("100000", result.GetProperty("data")[0][0].GetString());
    }

    [Fact]
    public async Task Statements_UnknownTable_Returns422WithSnowflakeCode()
    {
        var (status, body) = await PostAsync("/api/v2/statements", new { statement = MissingTableStatement });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("002003", body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.True(body.TryGetProperty("statementHandle", out _));
    }

    [Fact]
    public async Task Statements_RetryWithSameRequestId_ReturnsTheSameStatement()
    {
        var requestId = Guid.NewGuid();

        var (_, first) = await PostAsync($"/api/v2/statements?requestId={requestId}", new { statement = LongStatement });
        var (_, retry) = await PostAsync($"/api/v2/statements?requestId={requestId}&retry=true", new { statement = LongStatement });

        Assert.Equal(first.GetProperty("statementHandle").GetString(), retry.GetProperty("statementHandle").GetString());
        AssertExecutedOnce(LongStatement);
    }

    /// <summary>Asserts the backend ran <paramref name="statement"/> once, where the backend can tell.</summary>
    protected virtual void AssertExecutedOnce(string statement)
    {
    }

    [Fact]
    public async Task Statements_UnknownHandle_Returns404()
    {
        var (status, _) = await GetAsync($"/api/v2/statements/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, status);
    }

    [Fact]
    public async Task Search_Query_ReturnsRequestedColumnsWithRequestId()
    {
        var (status, body) = await PostAsync(SearchPath, new { query = "restocking fee for opened electronics", columns = new[] { "title", "category" }, filter = new Dictionary<string, object> { ["@eq"] = new { category = "returns" } }, limit = 3 });

        Assert.Equal(HttpStatusCode.OK, status);
        var results = body.GetProperty("results");
        Assert.InRange(results.GetArrayLength(), 1, 3);
        Assert.All(results.EnumerateArray(), r => Assert.Equal("returns", r.GetProperty("category").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("request_id").GetString()));
    }

    [Fact]
    public async Task Search_MalformedFilter_Returns400InSnowflakeErrorShape()
    {
        var (status, body) = await PostAsync(SearchPath, new { query = "refund", filter = new Dictionary<string, object> { ["@like"] = new { category = "returns" } } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        AssertErrorShape(body);
    }

    [Fact]
    public async Task Search_UnknownService_Returns404InSnowflakeErrorShape()
    {
        var (status, body) = await PostAsync("/api/v2/databases/WAREHOUSE/schemas/PUBLIC/cortex-search-services/no_such_service:query", new { query = "refund" });

        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertErrorShape(body);
    }

    [Fact]
    public async Task Analyst_Message_ReturnsAnalystMessageWithSql()
    {
        var (status, body) = await PostAsync("/api/v2/cortex/analyst/message", AnalystRequest("What is the revenue by region?", stream: false));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("analyst", body.GetProperty("message").GetProperty("role").GetString());
        var sql = body.GetProperty("message").GetProperty("content").EnumerateArray().Single(c => c.GetProperty("type").GetString() == "sql");
        Assert.Contains("region_name", sql.GetProperty("statement").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body.GetProperty("request_id").GetString()));
    }

    [Fact]
    public async Task Analyst_Stream_EmitsStatusDeltasMetadataAndDone()
    {
        var events = await PostSseAsync("/api/v2/cortex/analyst/message", AnalystRequest("What is the revenue by region?", stream: true));

        var names = events.Select(e => e.Name).ToList();
        Assert.Equal("status", names[0]);
        Assert.Contains("message.content.delta", names);
        Assert.Contains("response_metadata", names);
        Assert.Equal("done", names[^1]);
        Assert.Contains(events, e => e.Name == "message.content.delta" && e.Data.GetProperty("type").GetString() == "sql" && e.Data.GetProperty("statement_delta").GetString()!.Contains("region_name", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Analyst_UnknownSemanticModel_Returns404InSnowflakeErrorShape()
    {
        var request = new { messages = new[] { new { role = "user", content = new[] { new { type = "text", text = "revenue?" } } } }, semantic_model_file = "@WAREHOUSE.PUBLIC.MODELS/no_such_model.yaml" };

        var (status, body) = await PostAsync("/api/v2/cortex/analyst/message", request);

        Assert.Equal(HttpStatusCode.NotFound, status);
        AssertErrorShape(body);
    }

    [Fact]
    public async Task Agent_Run_StreamsToolUseResultTextAndFinalResponse()
    {
        var request = new
        {
            messages = new[] { new { role = "user", content = new[] { new { type = "text", text = "What is the revenue by region?" } } } },
            tools = new[] { new { tool_spec = new { type = "cortex_analyst_text_to_sql", name = "analyst1" } }, new { tool_spec = new { type = "cortex_search", name = "search1" } } },
            tool_resources = new Dictionary<string, object>
            {
                ["analyst1"] = new { semantic_model_file = "@WAREHOUSE.PUBLIC.MODELS/retail.yaml" },
                ["search1"] = new { search_service = "WAREHOUSE.PUBLIC.support_search" },
            },
        };

        var events = await PostSseAsync("/api/v2/cortex/agent:run", request);

        var names = events.Select(e => e.Name).ToList();
        Assert.Contains("response.tool_use", names);
        Assert.Contains("response.tool_result", names);
        Assert.Contains("response.text.delta", names);
        Assert.Equal("response", names[^1]);
        Assert.True(names.IndexOf("response.tool_use") < names.IndexOf("response.tool_result"));
        Assert.Equal("analyst1", events.First(e => e.Name == "response.tool_use").Data.GetProperty("name").GetString());
        Assert.Equal("assistant", events[^1].Data.GetProperty("role").GetString());
    }

    protected static object AnalystRequest(string question, bool stream) => new
    {
        messages = new[] { new { role = "user", content = new[] { new { type = "text", text = question } } } },
        semantic_model_file = "@WAREHOUSE.PUBLIC.MODELS/retail.yaml",
        stream,
    };

    protected static void AssertErrorShape(JsonElement body)
    {
        Assert.False(string.IsNullOrEmpty(body.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("code").GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("request_id").GetString()));
    }

    protected async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.UserAgent.ParseAdd("conformance-tests/1.0");
        using var response = await Client.SendAsync(request).WaitAsync(Timeout);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    protected async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(path).WaitAsync(Timeout);
        return (response.StatusCode, await ReadJsonAsync(response));
    }

    protected async Task<List<(string Name, JsonElement Data)>> PostSseAsync(string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await Client.SendAsync(request).WaitAsync(Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
        return text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(frame => frame.Split('\n'))
            .Select(lines => (lines.Single(l => l.StartsWith("event: ", StringComparison.Ordinal))["event: ".Length..],
                JsonDocument.Parse(lines.Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..]).RootElement.Clone()))
            .ToList();
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
