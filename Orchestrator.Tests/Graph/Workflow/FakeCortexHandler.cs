using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Orchestrator.Tests.Graph.Workflow;

/// <summary>
/// Cortex for workflow tests, as an HTTP handler: Analyst answers with the scripted SQL (or
/// suggestions), the SQL API with one fixed row, Search with two articles. It records each call's
/// path and body, and refuses anything else with 404 as the gateway would.
/// </summary>
internal sealed class FakeCortexHandler : HttpMessageHandler
{
    public string? AnalystSql { get; set; } = "SELECT region_name, round(sum(quantity * unit_price), 2) AS revenue FROM order_lines GROUP BY 1";

    public List<(string Path, JsonObject Body)> Calls { get; } = [];

    public int Count(string pathFragment) => Calls.Count(c => c.Path.Contains(pathFragment, StringComparison.Ordinal));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsObject();
        lock (Calls)
        {
            Calls.Add((path, body));
        }

        var json = path switch
        {
            "/api/v2/cortex/analyst/message" when AnalystSql is not null =>
                new JsonObject
                {
                    ["message"] = new JsonObject
                    {
                        ["role"] = "analyst",
                        ["content"] = new JsonArray(
                            new JsonObject { ["type"] = "text", ["text"] = "This is our interpretation of your question: revenue by region." },
                            new JsonObject { ["type"] = "sql", ["statement"] = AnalystSql }),
                    },
                    ["request_id"] = "req-1",
                },
            "/api/v2/cortex/analyst/message" => new JsonObject
            {
                ["message"] = new JsonObject
                {
                    ["role"] = "analyst",
                    ["content"] = new JsonArray(
                        new JsonObject { ["type"] = "text", ["text"] = "Unable to generate a valid SQL query." },
                        new JsonObject { ["type"] = "suggestions", ["suggestions"] = new JsonArray("What is the total revenue?", "What is the revenue by region?") }),
                },
                ["request_id"] = "req-2",
            },
            "/api/v2/statements" => new JsonObject
            {
                ["resultSetMetaData"] = new JsonObject
                {
                    ["numRows"] = 2,
                    ["rowType"] = new JsonArray(new JsonObject { ["name"] = "region_name" }, new JsonObject { ["name"] = "revenue" }),
                },
                ["data"] = new JsonArray(new JsonArray("Europe", "4242.17"), new JsonArray("Asia Pacific", "3131.02")),
            },
            _ when path.EndsWith("/cortex-search-services/support_search:query", StringComparison.Ordinal) => new JsonObject
            {
                ["results"] = new JsonArray(
                    new JsonObject { ["article_id"] = 7, ["title"] = "Returning an item", ["body"] = "You can return any item within 30 days of delivery.", ["category"] = "returns" },
                    new JsonObject { ["article_id"] = 9, ["title"] = "Refund timing", ["body"] = "Refunds reach your card in 5 business days.", ["category"] = "returns" }),
            },
            _ => null,
        };

        return json is null
            ? new HttpResponseMessage(HttpStatusCode.NotFound)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json") };
    }
}
