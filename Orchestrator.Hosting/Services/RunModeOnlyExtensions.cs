using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Services;

/// <summary>Resources that exist only on a developer's machine.</summary>
public static class RunModeOnlyExtensions
{
    /// <summary>
    /// Keeps a resource out of what <c>aspire publish</c> produces while leaving it in the local run,
    /// e.g. the demo warehouse, which Snowflake replaces in AWS.
    /// </summary>
    public static IResourceBuilder<T> RunModeOnly<T>(this IResourceBuilder<T> resource)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        return resource.ApplicationBuilder.ExecutionContext.IsPublishMode ? resource.ExcludeFromManifest() : resource;
    }
}
