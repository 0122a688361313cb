using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Orchestrator.ServiceDefaults;

/// <summary>Giving one HTTP client resilience of its own instead of what the service defaults give every client.</summary>
public static class HttpClientResilienceExtensions
{
    /// <summary>Removes the service defaults' resilience handler from this client.</summary>
    /// <remarks>
    /// The defaults' handler must be removed, not configured: added for every client at once, it reads its options under
    /// one name all clients share, so options named for one client never reach it. Removing it is marked experimental
    /// but is the documented way to opt one client out of the defaults.
    /// </remarks>
    public static IHttpClientBuilder WithoutDefaultResilience(this IHttpClientBuilder http)
    {
        ArgumentNullException.ThrowIfNull(http);
#pragma warning disable EXTEXP0001
        return http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    /// <summary>Replaces the service defaults' resilience handler with a standard one configured for this client.</summary>
    public static IHttpClientBuilder WithOwnStandardResilience(this IHttpClientBuilder http, Action<HttpStandardResilienceOptions> configure)
    {
        http.WithoutDefaultResilience().AddStandardResilienceHandler(configure);
        return http;
    }
}
