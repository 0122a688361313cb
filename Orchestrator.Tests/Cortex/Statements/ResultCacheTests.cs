using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Orchestrator.Tests.Cortex.Conformance;
using Orchestrator.Tests.Cortex.Local;

namespace Orchestrator.Tests.Cortex.Statements;

/// <summary>
/// The local backend's result cache, observed the only way a client can: a value changed in the warehouse
/// after a statement ran. Each test uses its own probe table on the shared warehouse and drops it.
/// </summary>
public class ResultCacheTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Statements_IdenticalWithinTheCacheTime_ReturnTheEarlierResult_WhileOtherStatementsSeeTheChange()
    {
        await using var probe = await ProbeTable.CreateAsync();
        await using var cortex = await StartAsync(cacheSeconds: 300);
        var statement = $"SELECT v FROM {probe.Name}";

        var before = await ValueAsync(cortex, statement);
        await probe.SetAsync(2);
        var cached = await ValueAsync(cortex, statement);
        var different = await ValueAsync(cortex, statement + " WHERE v > 0");
        var bound = await ValueAsync(cortex, $"SELECT v FROM {probe.Name} WHERE v > ?", new { type = "FIXED", value = "0" });

        Assert.Equal(("1", "1"), (before, cached));
        Assert.Equal(("2", "2"), (different, bound));
    }

    [Fact]
    public async Task Statements_CacheOff_AlwaysRunAgain()
    {
        await using var probe = await ProbeTable.CreateAsync();
        await using var cortex = await StartAsync(cacheSeconds: 0);
        var statement = $"SELECT v FROM {probe.Name}";

        var before = await ValueAsync(cortex, statement);
        await probe.SetAsync(2);
        var after = await ValueAsync(cortex, statement);

        Assert.Equal(("1", "2"), (before, after));
    }

    [Fact]
    public async Task Statements_ConcurrentIdentical_AllGetTheSameCorrectResult()
    {
        await using var probe = await ProbeTable.CreateAsync();
        await using var cortex = await StartAsync(cacheSeconds: 300);
        var statement = $"SELECT v, count(*) OVER () FROM {probe.Name}";

        var values = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => ValueAsync(cortex, statement)));

        Assert.All(values, v => Assert.Equal("1", v));
    }

    private static async Task<CortexGatewayHost> StartAsync(int cacheSeconds) =>
        await CortexGatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:warehouse-db"] = await SeededWarehouse.GetConnectionStringAsync(),
            ["Cortex:Backend"] = "local",
            ["Cortex:Local:ResultCacheSeconds"] = cacheSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    private static async Task<string?> ValueAsync(CortexGatewayHost cortex, string statement, object? binding = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v2/statements")
        {
            Content = JsonContent.Create(binding is null ? (object)new { statement } : new { statement, bindings = new Dictionary<string, object> { ["1"] = binding } }),
        };
        request.Headers.UserAgent.ParseAdd("result-cache-tests/1.0");
        using var response = await cortex.Client.SendAsync(request).WaitAsync(Timeout);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout);
        Assert.True(response.IsSuccessStatusCode, body?.ToJsonString());
        return body!["data"]![0]![0]!.GetValue<string>();
    }

    private sealed class ProbeTable : IAsyncDisposable
    {
        private readonly NpgsqlDataSource _admin;

        private ProbeTable(NpgsqlDataSource admin, string name) => (_admin, Name) = (admin, name);

        public string Name { get; }

        public static async Task<ProbeTable> CreateAsync()
        {
            var admin = NpgsqlDataSource.Create(await SeededWarehouse.GetConnectionStringAsync());
            var table = new ProbeTable(admin, "cache_probe_" + Guid.NewGuid().ToString("N")[..12]);
            await table.ExecuteAsync($"CREATE TABLE {table.Name} (v int); INSERT INTO {table.Name} VALUES (1); GRANT SELECT ON {table.Name} TO warehouse_reader");
            return table;
        }

        public Task SetAsync(int value) => ExecuteAsync($"UPDATE {Name} SET v = {value}");

        public async ValueTask DisposeAsync()
        {
            await ExecuteAsync($"DROP TABLE IF EXISTS {Name}");
            await _admin.DisposeAsync();
        }

        private async Task ExecuteAsync(string sql)
        {
            await using var command = _admin.CreateCommand(sql);
            await command.ExecuteNonQueryAsync().WaitAsync(Timeout);
        }
    }
}
