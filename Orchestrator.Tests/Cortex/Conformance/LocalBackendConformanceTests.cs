using System.Net;
using Npgsql;
using Orchestrator.Tests.Cortex.Local;

namespace Orchestrator.Tests.Cortex.Conformance;

/// <summary>The conformance suite against the local backend: the real seeded warehouse on PostgreSQL.</summary>
public sealed class LocalBackendConformanceTests : CortexConformanceTests
{
    private string _connectionString = null!;

    protected override async Task<CortexGatewayHost> StartGatewayAsync()
    {
        _connectionString = await SeededWarehouse.GetConnectionStringAsync();
        return await CortexGatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:warehouse-db"] = _connectionString,
            ["Cortex:Backend"] = "local",
        });
    }

    [Theory]
    [InlineData("SELECT 1; DROP TABLE returns")]
    [InlineData("SELECT * FROM returns; DELETE FROM returns")]
    [InlineData("SELECT * FROM returns -- ; DROP TABLE returns")]
    [InlineData("DELETE FROM returns")]
    [InlineData("WITH gone AS (DELETE FROM returns RETURNING *) SELECT count(*) FROM gone")]
    [InlineData("UPDATE orders SET status = 'cancelled'")]
    [InlineData("SELECT * INTO stolen FROM customers")]
    [InlineData("SELECT pg_sleep(60)")]
    [InlineData("SELECT set_config('default_transaction_read_only', 'off', false)")]
    [InlineData("SELECT pg_terminate_backend(pg_backend_pid())")]
    [InlineData("SELECT * FROM orders FOR UPDATE")]
    [InlineData("COPY returns TO '/tmp/returns.csv'")]
    public async Task Statements_InjectionAttempt_Returns422AndChangesNothing(string statement)
    {
        var before = await FingerprintAsync();

        var (status, body) = await PostAsync("/api/v2/statements", new { statement });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.StartsWith("Statement refused", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await FingerprintAsync());
    }

    [Fact]
    public async Task Statements_Bindings_AreSentAsParameters()
    {
        var (status, body) = await PostAsync("/api/v2/statements", new
        {
            statement = "SELECT count(*) FROM orders WHERE channel = ? AND order_id <= ?",
            bindings = new Dictionary<string, object> { ["1"] = new { type = "TEXT", value = "store' OR '1'='1" }, ["2"] = new { type = "FIXED", value = "1000" } },
        });
        var (_, real) = await PostAsync("/api/v2/statements", new
        {
            statement = "SELECT count(*) FROM orders WHERE channel = :1 AND order_id <= :2",
            bindings = new Dictionary<string, object> { ["1"] = new { type = "TEXT", value = "store" }, ["2"] = new { type = "FIXED", value = "1000" } },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("0", body.GetProperty("data")[0][0].GetString());
        Assert.Equal("250", real.GetProperty("data")[0][0].GetString());
    }

    [Fact]
    public async Task Statements_DateColumn_IsEncodedAsDaysSinceEpoch()
    {
        var (_, body) = await PostAsync("/api/v2/statements", new { statement = "SELECT order_date FROM orders WHERE order_id = 1" });

        Assert.Equal("DATE", body.GetProperty("resultSetMetaData").GetProperty("rowType")[0].GetProperty("type").GetString());
        // Order 1 is dated 2023-01-01 + 37 days = 2023-02-07, day 19395 since 1970-01-01.
        Assert.Equal("19395", body.GetProperty("data")[0][0].GetString());
    }

    [Fact]
    public async Task Statements_Cancel_StopsARunningStatement()
    {
        var (_, accepted) = await PostAsync("/api/v2/statements?async=true", new { statement = "SELECT count(*) FROM generate_series(1, 2000000000)", timeout = 60 });
        var handle = accepted.GetProperty("statementHandle").GetString();

        var (cancelStatus, cancel) = await PostAsync($"/api/v2/statements/{handle}/cancel", new { });
        (HttpStatusCode Status, System.Text.Json.JsonElement Body) final = default;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            final = await GetAsync($"/api/v2/statements/{handle}");
            if (final.Status != HttpStatusCode.Accepted)
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(HttpStatusCode.OK, cancelStatus);
        Assert.Equal("successfully canceled", cancel.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, final.Status);
        Assert.Equal("000604", final.Body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Statements_Timeout_Returns408WithSnowflakeTimeoutCode()
    {
        var (status, body) = await PostAsync("/api/v2/statements", new { statement = "SELECT count(*) FROM generate_series(1, 2000000000)", timeout = 1 });

        Assert.Equal(HttpStatusCode.RequestTimeout, status);
        Assert.Equal("000630", body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Statements_NullableFalse_ReplacesNullWithTheStringNull()
    {
        var (_, body) = await PostAsync("/api/v2/statements?nullable=false", new { statement = "SELECT NULL::text AS nothing" });

        Assert.Equal("null", body.GetProperty("data")[0][0].GetString());
    }

    [Fact]
    public async Task Analyst_Feedback_IsAcceptedForAKnownRequestOnly()
    {
        var (_, answer) = await PostAsync("/api/v2/cortex/analyst/message", AnalystRequest("What is the total revenue?", stream: false));

        var (known, _) = await PostAsync("/api/v2/cortex/analyst/feedback", new { request_id = answer.GetProperty("request_id").GetString(), positive = true, feedback_message = "right" });
        var (unknown, error) = await PostAsync("/api/v2/cortex/analyst/feedback", new { request_id = Guid.NewGuid().ToString(), positive = false });

        Assert.Equal(HttpStatusCode.OK, known);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        AssertErrorShape(error);
    }

    [Fact]
    public async Task Analyst_UnrelatedQuestion_AnswersWithSuggestions()
    {
        var (status, body) = await PostAsync("/api/v2/cortex/analyst/message", AnalystRequest("Who won the football match yesterday?", stream: false));

        Assert.Equal(HttpStatusCode.OK, status);
        var content = body.GetProperty("message").GetProperty("content").EnumerateArray().ToList();
        Assert.DoesNotContain(content, c => c.GetProperty("type").GetString() == "sql");
        Assert.NotEmpty(content.Single(c => c.GetProperty("type").GetString() == "suggestions").GetProperty("suggestions").EnumerateArray());
    }

    [Fact]
    public async Task Agent_SupportQuestion_IsRoutedToSearch()
    {
        var request = new
        {
            messages = new[] { new { role = "user", content = new[] { new { type = "text", text = "How do I reset a forgotten password?" } } } },
            tools = new[] { new { tool_spec = new { type = "cortex_analyst_text_to_sql", name = "analyst1" } }, new { tool_spec = new { type = "cortex_search", name = "search1" } } },
        };

        var events = await PostSseAsync("/api/v2/cortex/agent:run", request);

        Assert.Equal("search1", events.First(e => e.Name == "response.tool_use").Data.GetProperty("name").GetString());
        var results = events.First(e => e.Name == "response.tool_result").Data.GetProperty("content")[0].GetProperty("json").GetProperty("searchResults");
        Assert.Contains("password", results[0].GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(events, e => e.Name == "response.table");
    }

    [Fact]
    public async Task Agent_DataQuestion_ReturnsATableFromTheWarehouse()
    {
        var request = new { messages = new[] { new { role = "user", content = new[] { new { type = "text", text = "What is the revenue by region?" } } } } };

        var events = await PostSseAsync("/api/v2/cortex/agent:run", request);

        var table = events.Single(e => e.Name == "response.table").Data.GetProperty("result_set");
        Assert.Equal(5, table.GetProperty("data").GetArrayLength());
        Assert.Equal("FIXED", table.GetProperty("resultSetMetaData").GetProperty("rowType")[1].GetProperty("type").GetString());
        Assert.Contains("Europe", table.GetProperty("data").EnumerateArray().Select(r => r[0].GetString()));
    }

    // Row counts and a checksum of the tables an attack would target.
    private async Task<string> FingerprintAsync()
    {
        await using var dataSource = NpgsqlDataSource.Create(_connectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM returns) || '/' || (SELECT count(*) FROM orders WHERE status = 'cancelled') || '/' || (SELECT count(*) FROM pg_tables WHERE schemaname = 'public') || '/' || current_setting('default_transaction_read_only')");
        return (string)(await command.ExecuteScalarAsync().WaitAsync(Timeout))!;
    }
}
