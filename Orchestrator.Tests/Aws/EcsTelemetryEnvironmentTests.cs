using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestrator.Hosting.Aws;

namespace Orchestrator.Tests.Aws;

/// <summary>The telemetry settings PublishAsECSFargateService gives a task, seen from the app model (no synthesis).</summary>
public sealed class EcsTelemetryEnvironmentTests
{
    [Fact]
    public async Task PublishAsECSFargateService_PublishMode_EnablesEmfJsonLogsAndNamesTheService()
    {
        var environment = await EnvironmentAsync(["--operation", "publish", "--output-path", Path.Combine(Path.GetTempPath(), "ecs-telemetry-test")]);

        Assert.Equal("true", environment[EcsTelemetryEnvironment.EmfEnabled]);
        Assert.Equal("json", environment[EcsTelemetryEnvironment.ConsoleFormatter]);
        Assert.Equal("graph", environment[EcsTelemetryEnvironment.ServiceName]);
    }

    [Fact]
    public async Task PublishAsECSFargateService_RunMode_LeavesLocalTelemetryAlone()
    {
        var environment = await EnvironmentAsync([]);

        Assert.False(environment.ContainsKey(EcsTelemetryEnvironment.EmfEnabled));
        Assert.False(environment.ContainsKey(EcsTelemetryEnvironment.ConsoleFormatter));
    }

    // Obsolete in Aspire 13.6 in favour of a builder that needs a running app; the model's view is what is tested here.
#pragma warning disable CS0618
    private static async Task<Dictionary<string, string>> EnvironmentAsync(string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(args);
        // Called twice, as an AppHost that reconfigures a service would: the settings are added once.
        var project = builder.AddProject<Projects.Orchestrator_Graph>("graph").PublishAsECSFargateService();
        var callbacks = project.Resource.Annotations.OfType<EnvironmentCallbackAnnotation>().Count();
        project.PublishAsECSFargateService(o => o.DesiredCount = 2);
        Assert.Equal(callbacks, project.Resource.Annotations.OfType<EnvironmentCallbackAnnotation>().Count());
        return await project.Resource.GetEnvironmentVariableValuesAsync(
            builder.ExecutionContext.IsRunMode ? DistributedApplicationOperation.Run : DistributedApplicationOperation.Publish)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }
#pragma warning restore CS0618
}
