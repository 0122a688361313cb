using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Services;

/// <summary>How the AgentCore edge authenticates callers in each execution context.</summary>
public static class AgentCoreAccessExtensions
{
    /// <summary>The environment variable that sets <c>AgentCore:Auth:Mode</c>.</summary>
    public const string AuthModeVariable = "AgentCore__Auth__Mode";

    /// <summary>
    /// In local run mode (F5, <c>aspire run</c>, tests) sets <c>AgentCore:Auth:Mode=Open</c>, so the
    /// playground and curl work without a key. Published deployments get nothing, so the service's
    /// default applies: every API call needs an API key or a JWT.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithOpenAccessInRunMode(this IResourceBuilder<ProjectResource> project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.ApplicationBuilder.ExecutionContext.IsRunMode
            ? project.WithEnvironment(AuthModeVariable, "Open")
            : project;
    }
}
