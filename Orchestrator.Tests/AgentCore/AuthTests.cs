using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Npgsql;
using Orchestrator.AgentCore;
using Orchestrator.AgentCore.Apis;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.AgentCore;

/// <summary>One host in the default (required) auth mode with a small rate limit, a bootstrap key and a JWT issuer.</summary>
public sealed class AgentCoreSecuredHostFixture : IAsyncLifetime
{
    public const string BootstrapKey = "bootstrap-0123456789-abcdefghijklmnop";
    public const string Audience = "agentcore-test-client";
    public const int PermitsPerWindow = 5;

    public AgentCoreTestHost Host { get; private set; } = null!;

    public FakeOidcIssuer Oidc { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Oidc = await FakeOidcIssuer.StartAsync();
        Host = await AgentCoreTestHost.StartAsync(new PostgresServerFixture(), new Dictionary<string, string?>
        {
            ["AgentCore:Auth:BootstrapKey"] = BootstrapKey,
            ["AgentCore:Auth:PermitsPerWindow"] = PermitsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AgentCore:Auth:WindowSeconds"] = "60",
            ["AgentCore:Auth:Jwt:Authority"] = Oidc.Issuer,
            ["AgentCore:Auth:Jwt:Audience"] = Audience,
            ["AgentCore:Auth:Jwt:RequireHttpsMetadata"] = "false",
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Oidc.DisposeAsync();
    }
}

public class AuthTests(AgentCoreSecuredHostFixture fixture) : IClassFixture<AgentCoreSecuredHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private AgentCoreTestHost Host => fixture.Host;

    [Fact]
    public async Task Invocations_WithoutKey_Returns401Problem()
    {
        using var client = Host.CreateClient();

        using var response = await client.PostAsJsonAsync("/invocations", new { prompt = "How much revenue?" }).WaitAsync(Timeout);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Invocations_StreamRequestWithoutKey_Returns401Problem()
    {
        using var client = Host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt = "How much revenue?" }) };
        request.Headers.Accept.ParseAdd("text/event-stream");

        using var response = await client.SendAsync(request).WaitAsync(Timeout);

        await AssertUnauthorizedAsync(response);
    }

    [Theory]
    [InlineData("ack_0123456789ab_notTheRealSecretAtAll")]
    [InlineData("not-a-key")]
    [InlineData("a.b.c")]
    public async Task Invocations_WithWrongKey_Returns401Problem(string key)
    {
        var real = await Host.CreateApiKeyAsync("alice");
        using var client = Host.CreateClient(key.StartsWith("ack_", StringComparison.Ordinal) ? real[..16] + "_notTheRealSecretAtAll" : key);

        using var response = await client.PostAsJsonAsync("/invocations", new { prompt = "How much revenue?" }).WaitAsync(Timeout);

        await AssertUnauthorizedAsync(response);
    }

    [Fact]
    public async Task Invocations_WithKeyInEitherHeader_Answers()
    {
        var key = await Host.CreateApiKeyAsync("bob");
        using var bearer = Host.CreateClient(key);
        using var header = Host.CreateClient();
        header.DefaultRequestHeaders.Add("X-Api-Key", key);

        using var first = await bearer.PostAsJsonAsync("/invocations", new { prompt = "How much revenue?" }).WaitAsync(Timeout);
        using var second = await header.PostAsJsonAsync("/invocations", new { prompt = "How much revenue?" }).WaitAsync(Timeout);

        Assert.Equal("The graph answered: 17 characters.", (await first.Content.ReadFromJsonAsync<JsonObject>())!["response"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task Sessions_OfAnotherOwner_AreNotFoundAndUntouched()
    {
        using var alice = Host.CreateClient(await Host.CreateApiKeyAsync("alice"));
        using var mallory = Host.CreateClient(await Host.CreateApiKeyAsync("mallory"));
        var session = InvocationsContractTests.NewSession();
        (await InvocationsContractTests.PostAsync(alice, session, new { prompt = "How much revenue in 2024?" })).EnsureSuccessStatusCode();

        using var invoke = await InvocationsContractTests.PostAsync(mallory, session, new { prompt = "What did alice ask?" });
        using var approve = await InvocationsContractTests.PostAsync(mallory, session, new { approve = true });
        using var read = await mallory.GetAsync($"/sessions/{session}/messages").WaitAsync(Timeout);
        using var delete = await mallory.DeleteAsync($"/sessions/{session}").WaitAsync(Timeout);
        var malloryList = await mallory.GetFromJsonAsync<JsonArray>("/sessions").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.NotFound, invoke.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, approve.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.DoesNotContain(malloryList!, s => s!["id"]!.GetValue<string>() == session);
        Assert.Single(Host.Graph.Runs, r => r.ThreadId == session);
        var messages = await alice.GetFromJsonAsync<JsonArray>($"/sessions/{session}/messages").WaitAsync(Timeout);
        Assert.Equal(["How much revenue in 2024?", "The graph answered: 25 characters."], messages!.Select(m => m!["content"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Sessions_Owner_ListsAndDeletesTheirOwn()
    {
        using var carol = Host.CreateClient(await Host.CreateApiKeyAsync("carol"));
        var session = InvocationsContractTests.NewSession();
        (await InvocationsContractTests.PostAsync(carol, session, new { prompt = "How many orders?" })).EnsureSuccessStatusCode();

        var before = await carol.GetFromJsonAsync<JsonArray>("/sessions").WaitAsync(Timeout);
        using var delete = await carol.DeleteAsync($"/sessions/{session}").WaitAsync(Timeout);
        var after = await carol.GetFromJsonAsync<JsonArray>("/sessions").WaitAsync(Timeout);

        var listed = Assert.Single(before!);
        Assert.Equal(session, listed!["id"]!.GetValue<string>());
        Assert.Equal(2, listed["message_count"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Empty(after!);
        await using var dataSource = NpgsqlDataSource.Create(Host.ConnectionString);
        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM agentcore_messages WHERE session_id = '{session}'");
        Assert.Equal(0L, await count.ExecuteScalarAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Invocations_OverTheRateLimit_Returns429WithRetryAfter()
    {
        using var dave = Host.CreateClient(await Host.CreateApiKeyAsync("dave"));
        using var erin = Host.CreateClient(await Host.CreateApiKeyAsync("erin"));
        for (var i = 0; i < AgentCoreSecuredHostFixture.PermitsPerWindow; i++)
        {
            using var ok = await dave.GetAsync("/sessions").WaitAsync(Timeout);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await dave.PostAsJsonAsync("/invocations", new { prompt = "How much revenue?" }).WaitAsync(Timeout);
        using var other = await erin.GetAsync("/sessions").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        var retryAfter = int.Parse(Assert.Single(limited.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        var problem = await limited.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout);
        Assert.Equal(429, problem!["status"]!.GetValue<int>());
        Assert.EndsWith("rate-limited", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task AdminApiKeys_WithBootstrapKey_CreatesAWorkingKeyStoredOnlyAsAHash()
    {
        using var admin = Host.CreateClient();
        using var denied = await admin.PostAsJsonAsync("/admin/api-keys", new { owner = "frank" }).WaitAsync(Timeout);
        admin.DefaultRequestHeaders.Add(AdminApi.BootstrapHeader, "bootstrap-0123456789-abcdefghijklmnoX");
        using var wrong = await admin.PostAsJsonAsync("/admin/api-keys", new { owner = "frank" }).WaitAsync(Timeout);
        admin.DefaultRequestHeaders.Remove(AdminApi.BootstrapHeader);
        admin.DefaultRequestHeaders.Add(AdminApi.BootstrapHeader, AgentCoreSecuredHostFixture.BootstrapKey);

        using var created = await admin.PostAsJsonAsync("/admin/api-keys", new { owner = "frank" }).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var key = body["key"]!.GetValue<string>();
        using var frank = Host.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await frank.GetAsync("/sessions").WaitAsync(Timeout)).StatusCode);

        await using var dataSource = NpgsqlDataSource.Create(Host.ConnectionString);
        await using var row = dataSource.CreateCommand("SELECT owner, key_hash, key_hash::text FROM agentcore_api_keys WHERE id = $1");
        row.Parameters.AddWithValue(body["id"]!.GetValue<string>());
        await using var reader = await row.ExecuteReaderAsync().WaitAsync(Timeout);
        Assert.True(await reader.ReadAsync());
        Assert.Equal("frank", reader.GetString(0));
        Assert.Equal(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)), reader.GetFieldValue<byte[]>(1));
        Assert.DoesNotContain(key[16..], reader.GetString(2), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminApiKeys_ListThenRevoke_ShowsNoSecretAndRefusesTheKeyAtOnce()
    {
        using var admin = Host.CreateClient();
        using var denied = await admin.GetAsync("/admin/api-keys").WaitAsync(Timeout);
        admin.DefaultRequestHeaders.Add(AdminApi.BootstrapHeader, AgentCoreSecuredHostFixture.BootstrapKey);
        var owner = "grace-" + Guid.NewGuid().ToString("N")[..8];
        using var created = await admin.PostAsJsonAsync("/admin/api-keys", new { owner }).WaitAsync(Timeout);
        var createdBody = (await created.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout))!;
        var (id, key) = (createdBody["id"]!.GetValue<string>(), createdBody["key"]!.GetValue<string>());
        using var grace = Host.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await grace.GetAsync("/sessions").WaitAsync(Timeout)).StatusCode);

        var listed = await admin.GetStringAsync($"/admin/api-keys?owner={owner}").WaitAsync(Timeout);
        using var revoked = await admin.DeleteAsync($"/admin/api-keys/{id}").WaitAsync(Timeout);
        using var again = await admin.DeleteAsync($"/admin/api-keys/{id}").WaitAsync(Timeout);
        using var unknown = await admin.DeleteAsync("/admin/api-keys/ack_doesnotexist").WaitAsync(Timeout);
        using var refused = await grace.GetAsync("/sessions").WaitAsync(Timeout);
        var afterwards = (await admin.GetFromJsonAsync<JsonArray>($"/admin/api-keys?owner={owner}").WaitAsync(Timeout))!;

        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        var entry = Assert.Single(JsonNode.Parse(listed)!.AsArray())!;
        Assert.Equal(id, entry["id"]!.GetValue<string>());
        Assert.Null(entry["revoked_at"]?.GetValue<DateTimeOffset?>());
        Assert.DoesNotContain(key[16..], listed, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        await AssertUnauthorizedAsync(refused);
        Assert.InRange(Assert.Single(afterwards)!["revoked_at"]!.GetValue<DateTimeOffset>(), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task CreateApiKeyCommand_PrintsAKeyThatAuthenticatesAsTheOwner()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ApiKeyCommand.TryRunAsync(Host.App, [ApiKeyCommand.Name, "--owner", "heidi"], output, error).WaitAsync(Timeout);

        Assert.Equal(0, exitCode);
        var key = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
        Assert.StartsWith("ack_", key, StringComparison.Ordinal);
        using var heidi = Host.CreateClient(key);
        var session = InvocationsContractTests.NewSession();
        (await InvocationsContractTests.PostAsync(heidi, session, new { prompt = "How many orders?" })).EnsureSuccessStatusCode();
        await using var dataSource = NpgsqlDataSource.Create(Host.ConnectionString);
        await using var owner = dataSource.CreateCommand($"SELECT owner FROM agentcore_sessions WHERE id = '{session}'");
        Assert.Equal("heidi", await owner.ExecuteScalarAsync().WaitAsync(Timeout));
        Assert.Null(await ApiKeyCommand.TryRunAsync(Host.App, [], output, error));
        Assert.Equal(2, await ApiKeyCommand.TryRunAsync(Host.App, [ApiKeyCommand.Name], output, error));
        Assert.StartsWith("Usage: create-api-key --owner NAME", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invocations_WithJwtFromTheConfiguredIssuer_ActAsItsSubject()
    {
        using var client = Host.CreateClient(fixture.Oidc.CreateToken("user-42", AgentCoreSecuredHostFixture.Audience));
        using var wrongAudience = Host.CreateClient(fixture.Oidc.CreateToken("user-42", "someone-else"));
        using var otherKey = RSA.Create(2048);
        using var forged = Host.CreateClient(fixture.Oidc.CreateToken("user-42", AgentCoreSecuredHostFixture.Audience, otherKey));
        var session = InvocationsContractTests.NewSession();

        using var ok = await InvocationsContractTests.PostAsync(client, session, new { prompt = "How many customers?" });
        var sessions = await client.GetFromJsonAsync<JsonArray>("/sessions").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(session, Assert.Single(sessions!)!["id"]!.GetValue<string>());
        await AssertUnauthorizedAsync(await wrongAudience.GetAsync("/sessions").WaitAsync(Timeout));
        await AssertUnauthorizedAsync(await forged.GetAsync("/sessions").WaitAsync(Timeout));
    }

    [Fact]
    public async Task Logs_NeverContainKeysOrPrompts()
    {
        var key = await Host.CreateApiKeyAsync("grace");
        using var client = Host.CreateClient(key);
        const string Secretive = "What is the revenue of the confidential project Zanzibar-7781?";
        using var wrong = Host.CreateClient(key[..^4] + "AAAA");
        using var stream = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = JsonContent.Create(new { prompt = Secretive + " (stream)" }) };
        stream.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        stream.Headers.Accept.ParseAdd("text/event-stream");

        (await client.PostAsJsonAsync("/invocations", new { prompt = Secretive }).WaitAsync(Timeout)).EnsureSuccessStatusCode();
        (await client.SendAsync(stream).WaitAsync(Timeout)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.PostAsJsonAsync("/invocations", new { prompt = Secretive }).WaitAsync(Timeout)).StatusCode);

        var logs = Host.Logs.Lines.ToList();
        Assert.Contains(logs, l => l.Contains("routed to analyst", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains("Zanzibar", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, l => l.Contains(key[16..], StringComparison.Ordinal));
    }

    private static async Task AssertUnauthorizedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(Timeout);
        Assert.EndsWith("unauthorized", problem!["type"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
