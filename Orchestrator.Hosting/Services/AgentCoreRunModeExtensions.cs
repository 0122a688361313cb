using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Services;

/// <summary>What the AgentCore edge gets only when it runs locally.</summary>
public static class AgentCoreRunModeExtensions
{
    /// <summary>The environment variable that sets <c>AgentCore:Auth:Mode</c>.</summary>
    public const string AuthModeVariable = "AgentCore__Auth__Mode";

    /// <summary>The environment variable that sets <c>AgentCore:Playground:TraceUrlTemplate</c>.</summary>
    public const string TraceUrlVariable = "AgentCore__Playground__TraceUrlTemplate";

    /// <summary>
    /// In local run mode (F5, <c>aspire run</c>, tests): <c>AgentCore:Auth:Mode=Open</c>, so the
    /// playground and curl work without a key, and the playground links each turn to its trace in
    /// the Aspire dashboard. Published deployments get neither, so the service's default applies:
    /// every API call needs an API key or a JWT.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithRunModeDefaults(this IResourceBuilder<ProjectResource> project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var builder = project.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return project;
        }

        project.WithEnvironment(AuthModeVariable, "Open");
        var dashboard = builder.Configuration["ASPNETCORE_URLS"]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return dashboard is null ? project : project.WithEnvironment(TraceUrlVariable, $"{dashboard.TrimEnd('/')}/traces/detail/{{traceId}}");
    }
}
