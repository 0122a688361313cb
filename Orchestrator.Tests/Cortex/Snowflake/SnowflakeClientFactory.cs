using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Cortex.Configuration;
using Orchestrator.Cortex.Snowflake;
using Orchestrator.Tests.Cortex.Fakes;

namespace Orchestrator.Tests.Cortex.Snowflake;

/// <summary>Builds the gateway's Snowflake client services pointed at a fake account.</summary>
internal static class SnowflakeClientFactory
{
    public const string Account = "myorg.myaccount";
    public const string User = "cortex_svc";
    public const string QualifiedUser = "MYORG-MYACCOUNT.CORTEX_SVC";

    public static ServiceProvider Create(FakeSnowflakeServer fake, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cortex:Backend"] = "snowflake",
            ["Cortex:Snowflake:Account"] = Account,
            ["Cortex:Snowflake:User"] = User,
            ["Cortex:Snowflake:PrivateKeyPath"] = TestKeys.PrivateKeyPath,
            ["Cortex:Snowflake:Role"] = "ANALYST",
            ["Cortex:Snowflake:Warehouse"] = "COMPUTE_WH",
            ["Cortex:Snowflake:BaseUrl"] = fake.BaseUrl.ToString(),
            ["Cortex:Snowflake:RetryBaseDelayMilliseconds"] = "1",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<CortexBackendOptions>().BindConfiguration(CortexBackendOptions.Section);
        services.AddSnowflakeClient();
        return services.BuildServiceProvider(validateScopes: true);
    }
}
