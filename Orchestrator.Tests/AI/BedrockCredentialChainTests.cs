using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orchestrator.ServiceDefaults;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AI;

/// <summary>Tests that change AWS environment variables run alone: the default chain reads the process environment.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AwsEnvironmentGroup
{
    public const string Name = "AWS environment";
}

[Collection(AwsEnvironmentGroup.Name)]
public sealed class BedrockCredentialChainTests : IClassFixture<FakeBedrockServerFixture>, IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly string[] ChainVariables =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
        "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
        "AWS_EC2_METADATA_DISABLED", "AWS_ENDPOINT_URL_SSO", "HOME",
    ];

    private readonly Dictionary<string, string?> _saved = ChainVariables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
    private readonly string _directory = Directory.CreateTempSubdirectory("aws-chain-").FullName;
    private readonly FakeBedrockServer _server;

    public BedrockCredentialChainTests(FakeBedrockServerFixture fixture)
    {
        _server = fixture.Server;
        foreach (var variable in ChainVariables)
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        // Point the profile files somewhere empty so a developer's ~/.aws cannot leak in, and keep
        // the chain from probing the EC2 instance metadata service.
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(_directory, "credentials"));
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", Path.Combine(_directory, "config"));
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    public void Dispose()
    {
        foreach (var (variable, value) in _saved)
        {
            Environment.SetEnvironmentVariable(variable, value);
        }

        Amazon.AWSConfigs.AWSProfilesLocation = null;
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task DefaultChain_EnvironmentVariables_SignWithThoseKeys()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", FakeBedrockServer.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", FakeBedrockServer.SecretKey);
        var request = await AskThroughDefaultChainAsync();

        Assert.Equal(FakeBedrockServer.AccessKey, request.AccessKey);
    }

    [Fact]
    public async Task DefaultChain_NamedProfile_SignsWithTheProfileKeys()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "credentials"),
            $"[analytics]\naws_access_key_id = {FakeBedrockServer.AccessKey}\naws_secret_access_key = {FakeBedrockServer.SecretKey}\n");
        Environment.SetEnvironmentVariable("AWS_PROFILE", "analytics");
        // The SDK reads AWS_SHARED_CREDENTIALS_FILE once per process; this setting is read on every lookup.
        Amazon.AWSConfigs.AWSProfilesLocation = Path.Combine(_directory, "credentials");
        var request = await AskThroughDefaultChainAsync();

        Assert.Equal(FakeBedrockServer.AccessKey, request.AccessKey);
    }

    [Fact]
    public async Task DefaultChain_SsoProfile_SignsWithRoleCredentialsFromIdentityCenter()
    {
        // An SSO profile as `aws configure sso` writes it, an access token in the SSO cache as
        // `aws sso login` leaves it, and IAM Identity Center's portal API served by the fake.
        const string StartUrl = "https://example-org.awsapps.com/start";
        await File.WriteAllTextAsync(Path.Combine(_directory, "credentials"),
            $"[sso-dev]\nsso_start_url = {StartUrl}\nsso_region = us-east-1\nsso_account_id = {FakeBedrockServer.SsoAccountId}\n" +
            $"sso_role_name = {FakeBedrockServer.SsoRoleName}\nregion = us-east-1\n");
        var cache = Directory.CreateDirectory(Path.Combine(_directory, ".aws", "sso", "cache"));
        // The AWS tools name the cache file by the SHA-1 of the start URL; a file name, not a security measure.
#pragma warning disable CA5350
        var cacheName = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(System.Text.Encoding.UTF8.GetBytes(StartUrl)));
#pragma warning restore CA5350
        await File.WriteAllTextAsync(Path.Combine(cache.FullName, cacheName + ".json"),
            $$"""{"startUrl":"{{StartUrl}}","region":"us-east-1","accessToken":"{{FakeBedrockServer.SsoAccessToken}}","expiresAt":"{{DateTime.UtcNow.AddHours(8):yyyy-MM-ddTHH:mm:ssZ}}"}""");
        Environment.SetEnvironmentVariable("HOME", _directory);
        Environment.SetEnvironmentVariable("AWS_PROFILE", "sso-dev");
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL_SSO", _server.Endpoint.ToString().TrimEnd('/'));
        Amazon.AWSConfigs.AWSProfilesLocation = Path.Combine(_directory, "credentials");
        var request = await AskThroughDefaultChainAsync();

        Assert.StartsWith("ASIAFAKESSO", request.AccessKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultChain_ExpiringContainerCredentials_AreRefreshedAndSignNewRequests()
    {
        Environment.SetEnvironmentVariable("AWS_CONTAINER_CREDENTIALS_FULL_URI", _server.ContainerCredentialsUri.ToString());
        Environment.SetEnvironmentVariable("AWS_CONTAINER_AUTHORIZATION_TOKEN", FakeBedrockServer.ContainerToken);
        var model = $"ecs-model-{Guid.NewGuid():N}";
        using var host = BedrockClientFactory.CreateHost(_server, model, useDefaultChain: true);
        var issuedBefore = _server.IssuedCredentialCount;

        // The fake issues credentials that expire within the SDK's refresh window, so each use
        // schedules a refresh; a later request must be signed with a newer key.
        var keys = new HashSet<string>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (keys.Count < 2 && DateTime.UtcNow < deadline)
        {
            _server.Script(model, FakeReply.Text("ok"));
            await host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout);
            keys.Add(_server.RequestsFor(model)[^1].AccessKey);
            await Task.Delay(50);
        }

        Assert.True(keys.Count >= 2, $"all requests were signed with {string.Join(", ", keys)}");
        Assert.All(keys, k => Assert.StartsWith("ASIAFAKECONTAINER", k, StringComparison.Ordinal));
        Assert.True(_server.IssuedCredentialCount - issuedBefore >= 2);
    }

    /// <summary>One Converse call signed with whatever the default chain resolves; returns the request the fake verified.</summary>
    private async Task<RecordedRequest> AskThroughDefaultChainAsync()
    {
        var model = $"chain-model-{Guid.NewGuid():N}";
        _server.Script(model, FakeReply.Text("signed by the chain"));
        using var host = BedrockClientFactory.CreateHost(_server, model, useDefaultChain: true);

        var response = await host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout);

        Assert.Equal("signed by the chain", response.Text);
        return Assert.Single(_server.RequestsFor(model));
    }

    [Fact]
    public async Task HealthCheck_NoCredentialsAnywhere_IsUnhealthyWithReason()
    {
        var model = $"nocreds-model-{Guid.NewGuid():N}";
        using var host = BedrockClientFactory.CreateHost(_server, model, useDefaultChain: true);

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(Timeout);

        var entry = report.Entries[ResourceNames.ChatModel];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("credentials could not be resolved", entry.Description, StringComparison.Ordinal);
    }
}
