using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestrator.Hosting.Services;

namespace Orchestrator.Tests.AgentCore;

public class AgentCoreAccessTests
{
    [Fact]
    public async Task WithOpenAccessInRunMode_RunMode_SetsOpenAuth()
    {
        var environment = await EnvironmentAsync([]);

        Assert.Equal("Open", environment[AgentCoreAccessExtensions.AuthModeVariable]);
    }

    [Fact]
    public async Task WithOpenAccessInRunMode_PublishMode_LeavesAuthRequired()
    {
        var environment = await EnvironmentAsync(["--operation", "publish", "--output-path", Path.Combine(Path.GetTempPath(), "agentcore-access-test")]);

        Assert.False(environment.ContainsKey(AgentCoreAccessExtensions.AuthModeVariable));
    }

    // Obsolete in Aspire 13.6 in favour of a builder that needs a running app; the model's view is what is tested here.
#pragma warning disable CS0618
    private static async Task<Dictionary<string, string>> EnvironmentAsync(string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(args);
        var project = builder.AddProject<Projects.Orchestrator_AgentCore>("agentcore").WithOpenAccessInRunMode();
        return await project.Resource.GetEnvironmentVariableValuesAsync(
            builder.ExecutionContext.IsRunMode ? DistributedApplicationOperation.Run : DistributedApplicationOperation.Publish)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
#pragma warning restore CS0618
}
