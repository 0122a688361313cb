using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Snowflake;
using Orchestrator.Tests.Cortex.Fakes;

namespace Orchestrator.Tests.Cortex.Snowflake;

public sealed class SnowflakeSqlClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private FakeSnowflakeServer _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeSnowflakeServer.StartAsync();
        _fake.Auth.RegisterPublicKey(SnowflakeClientFactory.QualifiedUser, TestKeys.PublicKey);
        _fake.AddResult("SELECT id, name FROM T", [("ID", "FIXED"), ("NAME", "TEXT")], Enumerable.Range(0, 2500).Select(i => new string?[] { i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 7 == 0 ? null : $"name-{i}" }).ToList());
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task Query_KeyPairJwt_StreamsEveryPartition()
    {
        using var services = SnowflakeClientFactory.Create(_fake);
        var client = services.GetRequiredService<SnowflakeSqlClient>();

        var result = await client.QueryAsync(new JsonObject { ["statement"] = "SELECT id, name FROM T" }, CancellationToken.None).WaitAsync(Timeout);
        var rows = await result.Rows.ToListAsync().AsTask().WaitAsync(Timeout);

        Assert.Equal(["ID", "NAME"], result.Columns.Select(c => c.Name));
        Assert.Equal(3, result.Partitions);
        Assert.Equal(2500, rows.Count);
        Assert.Equal(new[] { "2498", "name-2498" }, rows[^2]);
        Assert.Null(rows[7][1]);
        var requests = _fake.Requests.ToList();
        Assert.All(requests, r => Assert.Equal((SnowflakeClientFactory.QualifiedUser, "KEYPAIR_JWT"), (r.Subject, r.TokenType)));
        Assert.Equal(["", "?partition=1", "?partition=2"], requests.Where(r => r.Method == "GET").Select(r => r.Query).Prepend(""));
        Assert.All(requests, r => Assert.Equal("MultiAgentOrchestrator-Cortex/1.0", r.UserAgent));
    }

    [Fact]
    public async Task Submit_ThrottledAndUnavailable_RetriesWithSameRequestIdAndRunsOnce()
    {
        using var services = SnowflakeClientFactory.Create(_fake);
        var client = services.GetRequiredService<SnowflakeSqlClient>();
        _fake.FailNext(429, 503, 504);

        using var response = await client.SubmitAsync(new JsonObject { ["statement"] = "SELECT id, name FROM T" }, async: false, nullable: null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var posts = _fake.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal([429, 503, 504, 200], posts.Select(p => p.Status));
        var requestIds = posts.Select(p => System.Web.HttpUtility.ParseQueryString(p.Query)["requestId"]).Distinct().ToList();
        Assert.Single(requestIds);
        Assert.Equal([null, "true", "true", "true"], posts.Select(p => System.Web.HttpUtility.ParseQueryString(p.Query)["retry"]));
        Assert.Equal(1, _fake.Executions["SELECT id, name FROM T"]);
    }

    [Fact]
    public async Task Submit_RetriesExhausted_ReturnsLastStatus()
    {
        using var services = SnowflakeClientFactory.Create(_fake, new() { ["Cortex:Snowflake:MaxRetries"] = "1" });
        var client = services.GetRequiredService<SnowflakeSqlClient>();
        _fake.FailNext(503, 503, 503);

        using var response = await client.SubmitAsync(new JsonObject { ["statement"] = "SELECT id, name FROM T" }, async: false, nullable: null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(2, _fake.Requests.Count);
    }

    [Fact]
    public async Task Query_LongRunning_PollsUntilComplete()
    {
        using var services = SnowflakeClientFactory.Create(_fake);
        var client = services.GetRequiredService<SnowflakeSqlClient>();
        _fake.PendingPolls = 2;

        var result = await client.QueryAsync(new JsonObject { ["statement"] = "SELECT id, name FROM T" }, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(2500, result.NumRows);
        Assert.Equal(2, _fake.Requests.Count(r => r is { Method: "GET", Query: "" }));
    }

    [Fact]
    public async Task Query_RoleAndWarehouse_DefaultFromOptionsButRequestWins()
    {
        using var services = SnowflakeClientFactory.Create(_fake);
        var client = services.GetRequiredService<SnowflakeSqlClient>();

        using var defaults = await client.SubmitAsync(new JsonObject { ["statement"] = "SELECT id, name FROM T" }, false, null, CancellationToken.None).WaitAsync(Timeout);
        using var explicitRole = await client.SubmitAsync(new JsonObject { ["statement"] = "SELECT id, name FROM T", ["role"] = "AUDITOR" }, false, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal("ANALYST", JsonNode.Parse(await defaults.Content.ReadAsStringAsync())!["stats"]!["role"]!.GetValue<string>());
        Assert.Equal("AUDITOR", JsonNode.Parse(await explicitRole.Content.ReadAsStringAsync())!["stats"]!["role"]!.GetValue<string>());
        Assert.Equal("COMPUTE_WH", JsonNode.Parse(await explicitRole.Content.ReadAsStringAsync())!["stats"]!["warehouse"]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_UnknownTable_ThrowsWithSnowflakeCode()
    {
        using var services = SnowflakeClientFactory.Create(_fake);
        var client = services.GetRequiredService<SnowflakeSqlClient>();

        var error = await Assert.ThrowsAsync<SnowflakeException>(() => client.QueryAsync(new JsonObject { ["statement"] = "SELECT * FROM missing" }, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "002003", "42S02"), (error.StatusCode, error.Code, error.SqlState));
    }

    [Fact]
    public async Task Query_ProgrammaticAccessToken_IsAccepted()
    {
        _fake.Auth.RegisterProgrammaticAccessToken("pat-secret-1");
        using var services = SnowflakeClientFactory.Create(_fake, new() { ["Cortex:Snowflake:PrivateKeyPath"] = null, ["Cortex:Snowflake:Token"] = "pat-secret-1" });
        var client = services.GetRequiredService<SnowflakeSqlClient>();

        var result = await client.QueryAsync(new JsonObject { ["statement"] = "SELECT id, name FROM T" }, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(2500, result.NumRows);
        Assert.All(_fake.Requests, r => Assert.Equal("PROGRAMMATIC_ACCESS_TOKEN", r.TokenType));
    }

    [Fact]
    public async Task Query_UnregisteredKey_IsRefusedByTheFake()
    {
        using var services = SnowflakeClientFactory.Create(_fake, new() { ["Cortex:Snowflake:User"] = "someone_else" });
        var client = services.GetRequiredService<SnowflakeSqlClient>();

        var error = await Assert.ThrowsAsync<SnowflakeException>(() => client.QueryAsync(new JsonObject { ["statement"] = "SELECT id, name FROM T" }, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal((HttpStatusCode.Unauthorized, "390144"), (error.StatusCode, error.Code));
    }

    [Fact]
    public async Task Query_ExpiredToken_IsRefusedByTheFake()
    {
        using var services = SnowflakeClientFactory.Create(_fake);
        using var expired = new KeyPairJwtCredential(SnowflakeClientFactory.Account, SnowflakeClientFactory.User, TestKeys.PrivateKey, null, TimeSpan.FromMinutes(10), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)));
        var sender = ActivatorUtilities.CreateInstance<SnowflakeHttpSender>(services, new HttpClient(), (ISnowflakeCredential)expired);

        using var response = await sender.SendAsync(HttpMethod.Post, "/api/v2/statements?requestId=" + Guid.NewGuid(), "{\"statement\":\"SELECT id, name FROM T\"}"u8.ToArray(), "application/json", CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_SnowflakeBackendWithoutAccountOrKey_FailNamingEachKey()
    {
        using var services = SnowflakeClientFactory.Create(_fake, new() { ["Cortex:Snowflake:Account"] = null, ["Cortex:Snowflake:PrivateKeyPath"] = null });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<SnowflakeOptions>>().Value);

        Assert.Contains(error.Failures, f => f.StartsWith("Cortex:Snowflake:Account is required", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Cortex:Snowflake:PrivateKeyPath or Cortex:Snowflake:PrivateKey", StringComparison.Ordinal) && f.Contains("Cortex:Snowflake:Token", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_LocalBackend_NeedNoSnowflakeSettings()
    {
        using var services = SnowflakeClientFactory.Create(_fake, new() { ["Cortex:Backend"] = "local", ["Cortex:Snowflake:Account"] = null, ["Cortex:Snowflake:PrivateKeyPath"] = null });

        Assert.Null(services.GetRequiredService<IOptions<SnowflakeOptions>>().Value.Account);
    }
}
