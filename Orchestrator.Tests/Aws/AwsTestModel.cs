using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Hosting.Aws;
using Orchestrator.Hosting.Langfuse;
using Orchestrator.Hosting.Postgres;
using Orchestrator.Hosting.Aws.Publishing;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.Aws;

/// <summary>
/// The application model of DESIGN §2 in publish mode, built from the real projects, and published to a
/// temporary folder.
/// </summary>
internal static class AwsTestModel
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The host of an external Langfuse in the tests.</summary>
    public const string ExternalLangfuseHost = "https://cloud.langfuse.com";

    public static string ProjectPath(string project) => Path.Combine(RepositoryRoot, project, $"{project}.csproj");

    /// <summary>
    /// Builds the model; <paramref name="configure"/> changes the AWS options, <paramref name="customize"/> the graph,
    /// <paramref name="prepare"/> runs before any resource is added (e.g. to register a fake command runner),
    /// <paramref name="langfuse"/> adds Langfuse in that mode (on the process-based server) referenced by every service.
    /// </summary>
    public static DistributedApplication Build(
        Action<AwsCdkEnvironmentOptions>? configure = null,
        Action<IDistributedApplicationBuilder>? customize = null,
        bool efs = false,
        bool aspirePostgres = false,
        string[]? args = null,
        Action<IDistributedApplicationBuilder>? prepare = null,
        LangfuseMode? langfuse = null)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = args ?? ["--operation", "publish", "--output-path", Path.GetTempPath()],
            DisableDashboard = true,
        });
        prepare?.Invoke(builder);
        IResourceBuilder<IResourceWithConnectionString> orchestratorDb, warehouseDb;
        IResourceBuilder<IResourceWithConnectionString>? langfuseConnection = null;
        if (aspirePostgres)
        {
            // Aspire's container resource, as the AppHost uses when a container runtime is present.
            var postgres = builder.AddPostgres(ResourceNames.Postgres).PublishAsRdsPostgres();
            orchestratorDb = postgres.AddDatabase(ResourceNames.OrchestratorDb, "orchestrator");
            warehouseDb = postgres.AddDatabase(ResourceNames.WarehouseDb, "warehouse");
        }
        else
        {
            // The Foundation's process-based resource, as on machines without a container runtime.
            var postgres = builder.AddOrchestratorPostgres(ResourceNames.Postgres);
            if (efs)
            {
                postgres.Server.PublishAsEcsPostgresWithEfs();
            }

            orchestratorDb = postgres.AddDatabase(ResourceNames.OrchestratorDb, "orchestrator");
            warehouseDb = postgres.AddDatabase(ResourceNames.WarehouseDb, "warehouse");
            if (langfuse is { } mode)
            {
                builder.Configuration[LangfuseHostingExtensions.ModeKey] = mode.ToString();
                builder.Configuration[$"Parameters:{ResourceNames.Langfuse}-host"] = ExternalLangfuseHost;
                langfuseConnection = builder.AddLangfuse(ResourceNames.Langfuse, postgres);
            }
        }

        // Snowflake is the warehouse in AWS.
        warehouseDb.ExcludeFromManifest();
        var chatModel = builder.AddConnectionString(ResourceNames.ChatModel);
        var snowflakeKey = builder.AddParameter("snowflake-private-key", secret: true);
        var snowflakeAccount = builder.AddParameter("snowflake-account", "myorg-myaccount");
        builder.AddAWSCDKEnvironment(ResourceNames.Aws, options =>
        {
            options.BedrockInferenceProfileIds.Add("us.anthropic.claude-3-5-haiku-20241022-v1:0");
            options.BedrockModelIds.Add("amazon.titan-embed-text-v2:0");
            configure?.Invoke(options);
        });

        var cortex = builder.AddProject(ResourceNames.Cortex, ProjectPath("Orchestrator.Cortex"))
            .WithHttpEndpoint(targetPort: 8002)
            .WithReference(warehouseDb)
            .WithReference(chatModel)
            .WithEnvironment("Snowflake__PrivateKey", snowflakeKey)
            .WithEnvironment("Snowflake__Account", snowflakeAccount)
            .WithLangfuse(langfuseConnection)
            .PublishAsECSFargateService(o => o.DesiredCount = 3);
        var graph = builder.AddProject(ResourceNames.Graph, ProjectPath("Orchestrator.Graph"))
            .WithHttpEndpoint(targetPort: 8001)
            .WithReference(orchestratorDb)
            .WithReference(cortex)
            .WithReference(chatModel)
            .WithLangfuse(langfuseConnection)
            .PublishAsECSFargateService();
        builder.AddProject(ResourceNames.AgentCore, ProjectPath("Orchestrator.AgentCore"))
            .WithHttpEndpoint(targetPort: 8080)
            .WithReference(graph)
            .WithReference(orchestratorDb)
            .WithReference(chatModel)
            .WithLangfuse(langfuseConnection)
            .PublishAsECSFargateServiceWithALB();
        customize?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>Publishes the model into <paramref name="outputDirectory"/>.</summary>
    public static Task<AwsPublishResult> PublishAsync(DistributedApplication app, string outputDirectory)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var environment = model.Resources.OfType<AwsCdkEnvironmentResource>().Single();
        return AwsPublisher.PublishAsync(environment, model, app.Services.GetRequiredService<DistributedApplicationExecutionContext>(), outputDirectory, CancellationToken.None)
            .WaitAsync(TimeSpan.FromMinutes(3));
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Orchestrator.sln not found above the test binaries.");
    }
}
