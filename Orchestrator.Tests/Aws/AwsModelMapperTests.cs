using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Hosting.Aws;
using Orchestrator.Hosting.Aws.Model;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.Aws;

/// <summary>The mapping from the app model, without synthesis (fast).</summary>
public sealed class AwsModelMapperTests
{
    [Fact]
    public async Task Map_NewParametersAndReferences_ReachServicesWithoutPublisherChanges()
    {
        using var app = AwsTestModel.Build(customize: builder =>
        {
            var langfuseSecret = builder.AddParameter("langfuse-secret-key", secret: true);
            var modelId = builder.AddParameter("bedrock-model-id", "us.anthropic.claude-3-5-haiku-20241022-v1:0");
            var graph = builder.Resources.OfType<ProjectResource>().Single(p => p.Name == ResourceNames.Graph);
            builder.CreateResourceBuilder(graph)
                .WithEnvironment("Langfuse__SecretKey", langfuseSecret)
                .WithEnvironment("Models__Chat", ReferenceExpression.Create($"Provider=Bedrock;Model={modelId.Resource}"));
        });
        var model = await MapAsync(app);

        var graph = model.Service(ResourceNames.Graph);
        Assert.Equal(new AwsSettingReference("langfuse-secret-key"), Variable(graph, "Langfuse__SecretKey"));
        var composite = Assert.IsType<AwsComposite>(Variable(graph, "Models__Chat"));
        Assert.Equal([new AwsLiteral("Provider=Bedrock;Model="), new AwsSettingReference("bedrock-model-id")], composite.Parts);
        Assert.Contains(model.Settings, s => s is { Name: "langfuse-secret-key", Secret: true });
        Assert.Contains(model.Settings, s => s is { Name: "bedrock-model-id", Secret: false, Default: "us.anthropic.claude-3-5-haiku-20241022-v1:0" });
        Assert.Contains(model.Settings, s => s is { Name: "snowflake-private-key", Secret: true, Default: null });
    }

    [Fact]
    public async Task Map_ProjectReference_BecomesCloudMapEndpoint()
    {
        using var app = AwsTestModel.Build();
        var model = await MapAsync(app);

        Assert.Equal(new AwsServiceEndpoint(ResourceNames.Cortex, AwsEndpointPart.Url), Variable(model.Service(ResourceNames.Graph), "services__cortex__http__0"));
        Assert.Equal([ResourceNames.Graph], model.Service(ResourceNames.AgentCore).ReferencedServices);
        Assert.Equal(new AwsDatabaseConnection(ResourceNames.OrchestratorDb), Variable(model.Service(ResourceNames.Graph), "ConnectionStrings__orchestrator-db"));
        Assert.Equal("orchestrator", model.Database!.Databases[ResourceNames.OrchestratorDb]);
        Assert.False(model.Service(ResourceNames.Cortex).UsesDatabase);
    }

    [Fact]
    public async Task Map_ResourceWithoutMapping_FailsNamingIt()
    {
        using var app = AwsTestModel.Build(customize: builder => builder.AddExecutable("legacy-worker", "worker", "."));
        var error = await Assert.ThrowsAsync<AwsMappingException>(() => MapAsync(app));
        Assert.Contains("'legacy-worker' (ExecutableResource)", error.Message, StringComparison.Ordinal);
        Assert.Contains("ExcludeFromManifest()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_ReferenceToExcludedEndpoint_DropsTheVariable()
    {
        using var app = AwsTestModel.Build(customize: builder =>
        {
            var worker = builder.AddExecutable("legacy-worker", "worker", ".").WithHttpEndpoint(targetPort: 9000);
            var graph = builder.Resources.OfType<ProjectResource>().Single(p => p.Name == ResourceNames.Graph);
            builder.CreateResourceBuilder(graph).WithEnvironment("Worker__Url", worker.GetEndpoint("http"));
            worker.ExcludeFromManifest();
        });
        var model = await MapAsync(app);

        // Excluded from AWS: the variable is dropped rather than pointing at nothing.
        Assert.Null(Variable(model.Service(ResourceNames.Graph), "Worker__Url"));
    }

    [Fact]
    public void Defaults_UnknownVersion_FailsNamingTheKey()
    {
        var error = Assert.Throws<ArgumentException>(() => AwsDefaults.Get("v1999-01"));
        Assert.Contains("Orchestrator:Aws:DefaultsVersion", error.Message, StringComparison.Ordinal);
        Assert.Equal(1024, AwsDefaults.Get("v2026-11").TaskCpu);
    }

    private static AwsValue? Variable(AwsServiceModel service, string name) => service.Environment.SingleOrDefault(e => e.Name == name)?.Value;

    private static Task<AwsDeploymentModel> MapAsync(DistributedApplication app)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var environment = model.Resources.OfType<AwsCdkEnvironmentResource>().Single();
        return new AwsModelMapper(environment, model, app.Services.GetRequiredService<DistributedApplicationExecutionContext>())
            .MapAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
