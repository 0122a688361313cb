using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestrator.Hosting.Services;

namespace Orchestrator.Tests.AgentCore;

public class AgentCoreRunModeTests
{
    [Fact]
    public async Task WithRunModeDefaults_RunMode_SetsOpenAuthAndDashboardTraceLinks()
    {
        var environment = await EnvironmentAsync(["--ASPNETCORE_URLS=http://localhost:15170"]);

        Assert.Equal("Open", environment[AgentCoreRunModeExtensions.AuthModeVariable]);
        Assert.Equal("http://localhost:15170/traces/detail/{traceId}", environment[AgentCoreRunModeExtensions.TraceUrlVariable]);
    }

    [Fact]
    public async Task WithRunModeDefaults_PublishMode_LeavesAuthRequired()
    {
        var environment = await EnvironmentAsync(["--operation", "publish", "--output-path", Path.Combine(Path.GetTempPath(), "agentcore-access-test")]);

        Assert.False(environment.ContainsKey(AgentCoreRunModeExtensions.AuthModeVariable));
        Assert.False(environment.ContainsKey(AgentCoreRunModeExtensions.TraceUrlVariable));
    }

    // Obsolete in Aspire 13.6 in favour of a builder that needs a running app; the model's view is what is tested here.
#pragma warning disable CS0618
    private static async Task<Dictionary<string, string>> EnvironmentAsync(string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(args);
        var project = builder.AddProject<Projects.Orchestrator_AgentCore>("agentcore").WithRunModeDefaults();
        return await project.Resource.GetEnvironmentVariableValuesAsync(
            builder.ExecutionContext.IsRunMode ? DistributedApplicationOperation.Run : DistributedApplicationOperation.Publish)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
#pragma warning restore CS0618
}
