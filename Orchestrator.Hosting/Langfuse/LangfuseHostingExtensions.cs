using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestrator.Hosting.Postgres;

namespace Orchestrator.Hosting.Langfuse;

/// <summary>Adds Langfuse, the trace, prompt and score store, to the application.</summary>
public static class LangfuseHostingExtensions
{
    public const string ModeKey = "Orchestrator:Langfuse:Mode";

    /// <summary>
    /// Adds the <c>langfuse</c> connection string (<c>Endpoint=…;PublicKey=…;SecretKey=…</c>) that
    /// services read, or returns null when Langfuse is off.
    /// <list type="bullet">
    /// <item><b>External</b>: parameters <c>{name}-host</c>, <c>{name}-public-key</c> and <c>{name}-secret-key</c>
    /// (the keys secret; on publish they go to Secrets Manager).</item>
    /// <item><b>Container</b>: Langfuse v3 web and worker, ClickHouse, Redis and MinIO, with its database on the
    /// shared PostgreSQL, and a project with generated keys created headlessly at first start.</item>
    /// </list>
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString>? AddLangfuse(
        this IDistributedApplicationBuilder builder, string name, OrchestratorPostgres postgres)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(postgres);
        var configured = builder.Configuration[ModeKey];
        var mode = LangfuseMode.Auto;
        if (configured is { Length: > 0 } && !Enum.TryParse(configured, ignoreCase: true, out mode))
        {
            throw new DistributedApplicationException($"{ModeKey} is '{configured}'; use auto, off, external or container.");
        }

        if (mode == LangfuseMode.Auto)
        {
            mode = string.IsNullOrWhiteSpace(builder.Configuration[$"Parameters:{name}-host"]) ? LangfuseMode.Off : LangfuseMode.External;
        }

        return mode switch
        {
            LangfuseMode.Off => null,
            LangfuseMode.External => AddExternal(builder, name),
            _ => LangfuseContainers.Add(builder, name, postgres),
        };
    }

    /// <summary>References Langfuse from a service when it is configured; does nothing otherwise.</summary>
    public static IResourceBuilder<ProjectResource> WithLangfuse(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithConnectionString>? langfuse) =>
        langfuse is null ? project : project.WithReference(langfuse);

    private static IResourceBuilder<IResourceWithConnectionString> AddExternal(IDistributedApplicationBuilder builder, string name)
    {
        var host = builder.AddParameter($"{name}-host");
        var publicKey = builder.AddParameter($"{name}-public-key", secret: true);
        var secretKey = builder.AddParameter($"{name}-secret-key", secret: true);
        return builder.AddConnectionString(name, ReferenceExpression.Create($"Endpoint={host};PublicKey={publicKey};SecretKey={secretKey}"));
    }
}
