using Microsoft.Extensions.Options;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.AgentCore;

public class AgentCoreOptionsTests
{
    [Theory]
    [InlineData("AgentCore:Auth:BootstrapKey", "too-short", "AgentCore:Auth:BootstrapKey must be at least 32 characters")]
    [InlineData("AgentCore:Auth:Jwt:Issuer", "https://issuer.test", "AgentCore:Auth:Jwt:Issuer needs AgentCore:Auth:Jwt:Authority")]
    [InlineData("AgentCore:Supervisor:MinConfidence", "1.5", "AgentCore:Supervisor:MinConfidence must be between 0 and 1")]
    [InlineData("AgentCore:MaxPromptCharacters", "0", "AgentCore:MaxPromptCharacters must be 1-1000000")]
    public async Task Start_InvalidSetting_FailsNamingTheKey(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => AgentCoreTestHost.StartAsync(new PostgresServerFixture(), new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
