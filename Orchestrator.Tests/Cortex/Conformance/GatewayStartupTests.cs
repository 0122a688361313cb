using Microsoft.Extensions.Options;

namespace Orchestrator.Tests.Cortex.Conformance;

[Collection(InProcessGatewayGroup.Name)]
public sealed class GatewayStartupTests
{
    [Fact]
    public async Task Start_SnowflakeBackendWithoutSettings_FailsNamingTheKeys()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => CortexGatewayHost.StartAsync(new Dictionary<string, string?> { ["Cortex:Backend"] = "snowflake" }));

        Assert.Contains(error.Failures, f => f.Contains("Cortex:Snowflake:Account", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Cortex:Snowflake:PrivateKeyPath", StringComparison.Ordinal));
    }
}
