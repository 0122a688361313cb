using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Hosting.Postgres;

/// <summary>Adds the application's PostgreSQL server: a process from the machine's binaries, or a container.</summary>
public static class PostgresHostingExtensions
{
    /// <summary>
    /// Adds PostgreSQL as <see cref="PostgresHostingOptions.Mode"/> says. In auto mode the machine's
    /// binaries win (no image to pull, starts in about a second); a container is used when they are
    /// missing and a container runtime answers; with neither, the AppHost stops at once with a
    /// message that says how to install PostgreSQL.
    /// </summary>
    public static OrchestratorPostgres AddOrchestratorPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = PostgresHostingOptions.From(builder.Configuration);
        // Persisted to the AppHost's user secrets in run mode, so psql sessions keep working across runs.
        var passwordBuilder = builder.AddParameter(
            $"{name}-password", new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);

        var mode = ResolveMode(builder, options);
        return mode == PostgresMode.Container
            ? AddContainer(builder, name, options, passwordBuilder)
            : AddProcess(builder, name, options, passwordBuilder.Resource);
    }

    private static PostgresMode ResolveMode(IDistributedApplicationBuilder builder, PostgresHostingOptions options) =>
        PostgresModeResolver.Resolve(
            options.Mode,
            builder.ExecutionContext.IsPublishMode,
            () => PostgresInstallation.Find(options.BinDirectory) is not null,
            ContainerRuntimeProbe.IsAvailable);

    private static OrchestratorPostgres AddContainer(
        IDistributedApplicationBuilder builder, string name, PostgresHostingOptions options, IResourceBuilder<ParameterResource> password)
    {
        var server = builder.AddPostgres(name, password: password);
        if (options.Persistent)
        {
            server.WithDataVolume().WithLifetime(ContainerLifetime.Persistent);
        }

        return new OrchestratorPostgres(server, PostgresMode.Container, server.Resource.PrimaryEndpoint, password.Resource, (db, dbName) => server.AddDatabase(db, dbName));
    }

    private static OrchestratorPostgres AddProcess(
        IDistributedApplicationBuilder builder, string name, PostgresHostingOptions options, ParameterResource password)
    {
        var port = options.Port != 0 ? options.Port : FreeTcpPort.Pick();
        PostgresCluster? cluster = null;
        string command = "postgres", workingDirectory = builder.AppHostDirectory;
        IReadOnlyList<string> arguments = [];

        if (builder.ExecutionContext.IsRunMode)
        {
            var installation = PostgresInstallation.Find(options.BinDirectory)
                ?? throw new DistributedApplicationException(PostgresInstallation.InstallHint);
            var dataDirectory = options.DataDirectory
                ?? (options.Persistent ? PostgresDataDirectories.Persistent(builder.AppHostDirectory) : PostgresDataDirectories.NewThrowaway());
            cluster = new PostgresCluster(installation, dataDirectory, durable: options.Persistent);
            (command, arguments) = cluster.ServerCommand(port, deleteFilesOnExit: !options.Persistent);
            workingDirectory = Path.GetDirectoryName(cluster.DataDirectory)!;
        }

        var resource = new PostgresProcessServerResource(name, command, workingDirectory, password) { Cluster = cluster };
        var server = builder.AddResource(resource)
            .WithArgs(arguments.ToArray())
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: PostgresProcessServerResource.EndpointName, isProxied: false)
            .WithIconName("DatabaseMultiple")
            .ExcludeFromManifest();

        if (cluster is not null)
        {
            WireProcessLifecycle(builder, server, cluster, port);
        }

        return new OrchestratorPostgres(server, PostgresMode.Process, resource.PrimaryEndpoint, password, (db, dbName) => AddProcessDatabase(builder, server, db, dbName));
    }

    private static void WireProcessLifecycle(
        IDistributedApplicationBuilder builder,
        IResourceBuilder<PostgresProcessServerResource> server,
        PostgresCluster cluster,
        int port)
    {
        // initdb takes a second or two; doing it just before start keeps model building side-effect free.
        server.OnBeforeResourceStarted((_, _, _) =>
        {
            cluster.EnsureInitialized();
            return Task.CompletedTask;
        });

        var healthKey = $"{server.Resource.Name}-accepting-connections";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey,
            _ => new NpgsqlHealthCheck(_ => Task.FromResult(cluster.SocketConnectionString(port))),
            HealthStatus.Unhealthy,
            tags: null));
        server.WithHealthCheck(healthKey);

        server.OnResourceReady(async (resource, e, ct) =>
        {
            var logger = e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource);
            await PostgresServerSetup.ApplyAsync(
                cluster.SocketConnectionString(port),
                await resource.PasswordParameter.GetValueAsync(ct) ?? "",
                resource.Databases.Values,
                ct);
            logger.LogInformation("PostgreSQL ready on port {Port}; databases: {Databases}", port, string.Join(", ", resource.Databases.Values));

            // Databases have no process of their own: they run once they exist on a ready server.
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            foreach (var database in builder.Resources.OfType<PostgresProcessDatabaseResource>().Where(d => d.Parent == resource))
            {
                await notifications.PublishUpdateAsync(database, state => state with
                {
                    State = KnownResourceStates.Running,
                    StartTimeStamp = DateTime.UtcNow,
                });
            }
        });
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddProcessDatabase(
        IDistributedApplicationBuilder builder, IResourceBuilder<PostgresProcessServerResource> server, string name, string databaseName)
    {
        server.Resource.AddDatabase(name, databaseName);
        var database = new PostgresProcessDatabaseResource(name, databaseName, server.Resource);
        var healthKey = $"{name}-reachable";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthKey,
            _ => new NpgsqlHealthCheck(async ct => await database.ConnectionStringExpression.GetValueAsync(ct) ?? ""),
            HealthStatus.Unhealthy,
            tags: null));
        return builder.AddResource(database).WithHealthCheck(healthKey).WithIconName("Database");
    }

}
