using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.AppHost;

/// <summary>Langfuse in the AppHost's model: off, external or containers.</summary>
public class LangfuseModelTests
{
    private static async Task<IDistributedApplicationTestingBuilder> CreateModelAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.Orchestrator_AppHost>(
            ["--Orchestrator:Postgres:Persistent=false", .. args],
            (options, _) => options.DisableDashboard = true).WaitAsync(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task NotConfigured_LangfuseIsAbsentAndServicesGetNoReference()
    {
        await using var builder = await CreateModelAsync();

        Assert.DoesNotContain(builder.Resources, r => r.Name.StartsWith(ResourceNames.Langfuse, StringComparison.Ordinal));
    }

    [Fact]
    public async Task External_KeysAreSecretParametersAndEveryServiceReferencesTheConnection()
    {
        await using var builder = await CreateModelAsync(
            "--Parameters:langfuse-host=https://cloud.langfuse.com", "--Parameters:langfuse-public-key=pk-lf-1", "--Parameters:langfuse-secret-key=sk-lf-1");

        var parameters = builder.Resources.OfType<ParameterResource>().ToDictionary(p => p.Name);
        Assert.False(parameters["langfuse-host"].Secret);
        Assert.True(parameters["langfuse-public-key"].Secret);
        Assert.True(parameters["langfuse-secret-key"].Secret);
        var langfuse = builder.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == ResourceNames.Langfuse);
        Assert.Equal("Endpoint=https://cloud.langfuse.com;PublicKey=pk-lf-1;SecretKey=sk-lf-1", await langfuse.GetConnectionStringAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        foreach (var service in builder.Resources.OfType<ProjectResource>())
        {
            Assert.Contains(service.Annotations.OfType<ResourceRelationshipAnnotation>(), r => r.Resource.Name == ResourceNames.Langfuse);
        }
    }

    [Fact]
    public async Task Containers_ModelLangfuseV3OnTheSharedPostgres()
    {
        await using var builder = await CreateModelAsync("--Orchestrator:Langfuse:Mode=container");

        var containers = builder.Resources.OfType<ContainerResource>().Select(c => c.Name).ToHashSet();
        Assert.Subset(containers, new HashSet<string> { "langfuse-web", "langfuse-worker", "langfuse-clickhouse", "langfuse-redis", "langfuse-minio" });
        Assert.Contains(builder.Resources, r => r.Name == "langfuse-db");
        var web = builder.Resources.OfType<ContainerResource>().Single(c => c.Name == "langfuse-web");
        var image = web.Annotations.OfType<ContainerImageAnnotation>().Single();
        Assert.Equal(("langfuse/langfuse", "3"), (image.Image, image.Tag));
        Assert.True(builder.Resources.OfType<ParameterResource>().Single(p => p.Name == "langfuse-secret-key").Secret);
    }

    [Fact]
    public async Task UnknownMode_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CreateModelAsync("--Orchestrator:Langfuse:Mode=cloud"));

        Assert.Contains("Orchestrator:Langfuse:Mode", error.ToString(), StringComparison.Ordinal);
    }
}
