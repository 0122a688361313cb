using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Orchestrator.Cortex.Snowflake;

/// <summary>Registers the snowflake backend's client.</summary>
public static class SnowflakeServiceExtensions
{
    /// <summary>
    /// Binds and validates <c>Cortex:Snowflake</c> (at start-up when the backend is snowflake) and
    /// registers the credential, the HTTP sender, the SQL API client and the proxy.
    /// </summary>
    public static IServiceCollection AddSnowflakeClient(this IServiceCollection services)
    {
        services.AddOptions<SnowflakeOptions>().BindConfiguration(SnowflakeOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnowflakeOptions>, SnowflakeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISnowflakeCredential>(sp => CreateCredential(sp.GetRequiredService<IOptions<SnowflakeOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SnowflakeHttpSender(
            CreateHttpClient(),
            sp.GetRequiredService<ISnowflakeCredential>(),
            sp.GetRequiredService<IOptions<SnowflakeOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SnowflakeHttpSender>>()));
        services.TryAddSingleton<SnowflakeSqlClient>();
        services.TryAddSingleton<SnowflakeProxy>();
        return services;
    }

    /// <summary>The credential the options describe: a programmatic access token, or a key-pair JWT.</summary>
    public static ISnowflakeCredential CreateCredential(SnowflakeOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.Token))
        {
            return new ProgrammaticAccessTokenCredential(options.Token);
        }

        var pem = options.PrivateKey ?? File.ReadAllText(options.PrivateKeyPath!);
        return new KeyPairJwtCredential(options.Account!, options.User!, pem, options.PrivateKeyPassphrase, TimeSpan.FromSeconds(options.JwtLifetimeSeconds), time);
    }

    // Not from IHttpClientFactory: the service defaults add a standard resilience handler to every
    // factory client, which would retry 429/503/504 without Snowflake's retry=true marker and with
    // its own timeouts. SnowflakeHttpSender owns retries and timeouts for this client instead.
    private static HttpClient CreateHttpClient() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}
