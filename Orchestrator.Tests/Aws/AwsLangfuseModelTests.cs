using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Hosting.Aws;
using Orchestrator.Hosting.Aws.Model;
using Orchestrator.Hosting.Langfuse;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.Aws;

/// <summary>How Langfuse's AppHost modes map to the AWS deployment model, without synthesis (fast).</summary>
public sealed class AwsLangfuseModelTests
{
    [Fact]
    public async Task Map_ContainerMode_BecomesSelfHostedLangfuseReferencedByEveryService()
    {
        using var app = AwsTestModel.Build(langfuse: LangfuseMode.Container);
        var model = await MapAsync(app);

        Assert.Equal(new AwsLangfuseModel("langfuse", "langfuse-web", "langfuse-worker", "langfuse-clickhouse", "langfuse"), model.Langfuse);
        foreach (var service in model.Services)
        {
            Assert.Equal(new AwsLangfuseConnection(), service.Environment.Single(e => e.Name == "ConnectionStrings__langfuse").Value);
            Assert.True(service.UsesLangfuse);
        }

        // Container mode's own generated parameters stay local: the stack generates its own secrets.
        Assert.DoesNotContain(model.Settings, s => s.Name.StartsWith("langfuse", StringComparison.Ordinal));
        Assert.DoesNotContain(model.Services, s => s.Name.StartsWith("langfuse", StringComparison.Ordinal));
        Assert.Equal(["orchestrator"], model.Database!.Databases.Values);
    }

    [Fact]
    public async Task Map_ExternalMode_KeysAreSecretSettingsAndNoSelfHostedLangfuse()
    {
        using var app = AwsTestModel.Build(langfuse: LangfuseMode.External);
        var model = await MapAsync(app);

        Assert.Null(model.Langfuse);
        Assert.Contains(model.Settings, s => s is { Name: "langfuse-public-key", Secret: true });
        Assert.Contains(model.Settings, s => s is { Name: "langfuse-secret-key", Secret: true });
        Assert.Contains(model.Settings, s => s is { Name: "langfuse-host", Secret: false, Default: AwsTestModel.ExternalLangfuseHost });
        Assert.All(model.Services, s => Assert.False(s.UsesLangfuse));
    }

    [Fact]
    public async Task Map_AppHostInPublishModeWithContainerLangfuse_MapsWithoutAContainerRuntime()
    {
        var output = Directory.CreateTempSubdirectory("apphost-langfuse-model-");
        try
        {
            await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Orchestrator_AppHost>(
                ["--operation", "publish", "--output-path", output.FullName, $"--{LangfuseHostingExtensions.ModeKey}=container"],
                (options, _) => options.DisableDashboard = true).WaitAsync(TimeSpan.FromSeconds(60));
            await using var app = await builder.BuildAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var model = await MapAsync(app);

            Assert.Equal("langfuse-web", model.Langfuse?.WebName);
            Assert.All(
                [ResourceNames.Cortex, ResourceNames.Graph, ResourceNames.AgentCore],
                name => Assert.True(model.Service(name).UsesLangfuse, $"{name} does not reference the self-hosted Langfuse"));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    private static Task<AwsDeploymentModel> MapAsync(DistributedApplication app)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var environment = model.Resources.OfType<AwsCdkEnvironmentResource>().Single();
        return new AwsModelMapper(environment, model, app.Services.GetRequiredService<DistributedApplicationExecutionContext>())
            .MapAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
