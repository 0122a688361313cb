using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Orchestrator.Hosting.Postgres;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.AppHost;

/// <summary>The AppHost's model, inspected without starting anything.</summary>
public class AppHostModelTests
{
    private static async Task<IDistributedApplicationTestingBuilder> CreateModelAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.Orchestrator_AppHost>(
            ["--Orchestrator:Postgres:Persistent=false", .. args],
            (options, _) => options.DisableDashboard = true).WaitAsync(TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Model_HasEveryResourceOfTheDesign()
    {
        await using var builder = await CreateModelAsync();

        var names = builder.Resources.Select(r => r.Name).ToHashSet();

        Assert.Subset(names, new HashSet<string>
        {
            ResourceNames.Postgres, ResourceNames.OrchestratorDb, ResourceNames.WarehouseDb, ResourceNames.ChatModel,
            ResourceNames.Cortex, ResourceNames.Graph, ResourceNames.AgentCore,
        });
        Assert.IsType<PostgresProcessServerResource>(builder.Resources.Single(r => r.Name == ResourceNames.Postgres));
    }

    [Theory]
    [InlineData(ResourceNames.Cortex, new[] { ResourceNames.WarehouseDb }, new[] { ResourceNames.WarehouseDb, ResourceNames.ChatModel })]
    [InlineData(ResourceNames.Graph, new[] { ResourceNames.OrchestratorDb, ResourceNames.Cortex }, new[] { ResourceNames.OrchestratorDb, ResourceNames.ChatModel })]
    [InlineData(ResourceNames.AgentCore, new[] { ResourceNames.OrchestratorDb, ResourceNames.Graph }, new[] { ResourceNames.OrchestratorDb, ResourceNames.ChatModel })]
    public async Task Service_WaitsForAndReferencesWhatItNeeds(string service, string[] waitsFor, string[] connectionStrings)
    {
        await using var builder = await CreateModelAsync();
        var project = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == service);

        var waits = project.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).ToList();
        var environment = await PublishEnvironmentAsync(project);

        Assert.Subset(waits.ToHashSet(), waitsFor.ToHashSet());
        foreach (var name in connectionStrings)
        {
            Assert.Equal($"{{{name}.connectionString}}", environment[$"ConnectionStrings__{name}"]);
        }

        Assert.Contains(project.Annotations.OfType<HealthCheckAnnotation>(), h => h.Key.Contains("/health", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Graph_FindsCortexThroughServiceDiscovery()
    {
        await using var builder = await CreateModelAsync();
        var graph = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.Graph);

        var environment = await PublishEnvironmentAsync(graph);

        Assert.Contains(environment.Keys, k => k.StartsWith($"services__{ResourceNames.Cortex}__http__", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AgentCore_IsExternalOnPort8080ByDefault()
    {
        await using var builder = await CreateModelAsync();
        var agentcore = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.AgentCore);

        var http = agentcore.Annotations.OfType<EndpointAnnotation>().Single(e => e.UriScheme == "http");

        Assert.True(http.IsExternal);
        Assert.Equal(8080, http.Port);
        Assert.False(http.IsProxied, "the documented port is served by agentcore itself, not a proxy");
        Assert.False(builder.Resources.OfType<ProjectResource>().Where(p => p.Name != ResourceNames.AgentCore)
            .SelectMany(p => p.Annotations.OfType<EndpointAnnotation>()).Any(e => e.IsExternal), "only agentcore is public");
    }

    [Fact]
    public async Task AgentCore_PortIsConfigurable()
    {
        await using var builder = await CreateModelAsync("--Orchestrator:AgentCore:Port=18080");
        var agentcore = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == ResourceNames.AgentCore);

        Assert.Equal(18080, agentcore.Annotations.OfType<EndpointAnnotation>().Single(e => e.UriScheme == "http").Port);
    }

    [Fact]
    public async Task ChatModel_DefaultsToOffline()
    {
        await using var builder = await CreateModelAsync();
        var chatModel = builder.Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == ResourceNames.ChatModel);

        var value = await chatModel.GetConnectionStringAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("Provider=Offline", value);
    }

    [Fact]
    public async Task Postgres_ContainerMode_UsesAspiresPostgresIntegrationWithTheSameDatabases()
    {
        await using var builder = await CreateModelAsync("--Orchestrator:Postgres:Mode=container");

        Assert.IsType<PostgresServerResource>(builder.Resources.Single(r => r.Name == ResourceNames.Postgres));
        var warehouse = Assert.IsType<PostgresDatabaseResource>(builder.Resources.Single(r => r.Name == ResourceNames.WarehouseDb));
        Assert.Equal("warehouse", warehouse.DatabaseName);
    }

    [Fact]
    public async Task Postgres_UnknownMode_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CreateModelAsync("--Orchestrator:Postgres:Mode=cloud"));

        Assert.Contains("Orchestrator:Postgres:Mode", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_BinDirectoryWithoutBinaries_FailsNamingTheKey()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CreateModelAsync("--Orchestrator:Postgres:Mode=process", "--Orchestrator:Postgres:BinDirectory=/nonexistent"));

        Assert.Contains("Orchestrator:Postgres:BinDirectory", Flatten(error), StringComparison.Ordinal);
    }

    // The manifest form ("{warehouse-db.connectionString}") names what a reference points at without
    // allocating ports. Aspire 13.6 marks this helper obsolete in favour of a builder that needs a
    // running app's services; for a model test the publish-time view is exactly what we want.
#pragma warning disable CS0618
    private static Task<Dictionary<string, string>> PublishEnvironmentAsync(ProjectResource project) =>
        project.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
#pragma warning restore CS0618

    private static string Flatten(Exception error) =>
        error is AggregateException aggregate ? string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Flatten)) :
        error.InnerException is { } inner ? error.Message + " | " + Flatten(inner) : error.Message;
}
