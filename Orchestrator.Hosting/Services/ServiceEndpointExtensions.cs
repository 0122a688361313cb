using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Orchestrator.Hosting.Services;

/// <summary>HTTP endpoints of the orchestrator's services in run mode.</summary>
public static class ServiceEndpointExtensions
{
    /// <summary>
    /// Gives a project an HTTP endpoint on the port named by <paramref name="portConfigurationKey"/>
    /// (default <paramref name="defaultPort"/>), served by the project itself rather than a proxy,
    /// so people and scripts can reach a documented address. 0 picks a free port (tests).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithFixedHttpEndpoint(
        this IResourceBuilder<ProjectResource> project, string portConfigurationKey, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(project);
        var port = project.ApplicationBuilder.Configuration.GetValue(portConfigurationKey, defaultPort);
        if (port is < 0 or > 65535)
        {
            throw new DistributedApplicationException($"{portConfigurationKey} is {port}; use 0 (a free port) or 1-65535.");
        }

        return project.WithHttpEndpoint(port: port == 0 ? null : port, isProxied: port == 0);
    }
}
