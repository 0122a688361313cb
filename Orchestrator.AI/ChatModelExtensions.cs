using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Orchestrator.AI.Bedrock;
using Orchestrator.AI.Configuration;
using Orchestrator.AI.Embeddings;
using Orchestrator.AI.OpenAI;
using Orchestrator.ServiceDefaults;
using Polly;

namespace Orchestrator.AI;

/// <summary>Client integrations for model access: the chat model and local embeddings.</summary>
public static class ChatModelExtensions
{
    /// <summary>
    /// Registers the chat model named by <c>ConnectionStrings:{connectionName}</c>:
    /// <c>Provider=Bedrock;Model=...;Region=...[;Endpoint=...]</c>,
    /// <c>Provider=OpenAI;Endpoint=...;Model=...[;Key=...]</c>, or <c>Provider=Offline</c> (also when empty).
    /// </summary>
    /// <remarks>
    /// Always registers a <see cref="ChatModelInfo"/> and a health check tagged <c>ready</c>. For Bedrock and
    /// OpenAI it registers a singleton <see cref="IChatClient"/> with logging and OpenTelemetry following the
    /// GenAI semantic conventions (source and meter <see cref="TelemetryNames.AI"/>), retrying throttling and
    /// unavailability with jittered exponential backoff. For Offline no <see cref="IChatClient"/> is
    /// registered. Function invocation is left to the caller (<c>new ChatClientBuilder(client).UseFunctionInvocation()</c>).
    /// </remarks>
    /// <exception cref="InvalidOperationException">
    /// The connection string is malformed, names an unknown provider, lacks the model or region, or has a malformed
    /// endpoint; the message names the configuration key and the part.
    /// </exception>
    public static IHostApplicationBuilder AddChatModel(
        this IHostApplicationBuilder builder, string connectionName, Action<ChatModelClientSettings>? configureSettings = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var clientSettings = new ChatModelClientSettings();
        configureSettings?.Invoke(clientSettings);
        var configurationKey = $"ConnectionStrings:{connectionName}";
        var settings = ChatModelConnectionString.Parse(
            clientSettings.ConnectionString ?? builder.Configuration.GetConnectionString(connectionName), configurationKey);
        var info = new ChatModelInfo(settings);
        var services = builder.Services;
        services.AddSingleton(info);

        if (settings.Provider == ChatModelProvider.Bedrock)
        {
            // Keyed by connection name, and created by the container so that it is disposed with it
            // (the credential chain watches the AWS profile files).
            services.AddKeyedSingleton(connectionName, (_, _) => new BedrockCredentialSource(clientSettings.Credentials));
            var httpName = $"{connectionName}-bedrock";
            AddModelHttpClient(services, httpName, clientSettings)
                .AddHttpMessageHandler(sp => new BedrockSigningHandler(
                    sp.GetRequiredKeyedService<BedrockCredentialSource>(connectionName), settings.Region!));
            AddTelemetry(services.AddChatClient(sp => new BedrockChatClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpName), settings.BedrockEndpoint, settings.Model!)), clientSettings);
        }
        else if (settings.Provider == ChatModelProvider.OpenAI)
        {
            var httpName = $"{connectionName}-openai";
            AddModelHttpClient(services, httpName, clientSettings);
            AddTelemetry(services.AddChatClient(sp => OpenAIChatClientFactory.Create(
                settings, sp.GetRequiredService<IHttpClientFactory>().CreateClient(httpName))), clientSettings);
        }

        if (!clientSettings.DisableHealthChecks)
        {
            services.AddHealthChecks().Add(new HealthCheckRegistration(
                connectionName,
                sp => new ChatModelHealthCheck(info, sp.GetKeyedService<BedrockCredentialSource>(connectionName)),
                failureStatus: null,
                tags: [ServiceDefaultsExtensions.ReadyTag]));
        }

        return builder;
    }

    /// <summary>Threads one local embedding may use (0 = ONNX Runtime's default of one per core, spinning).</summary>
    public const string IntraOpThreadsKey = "Orchestrator:Embeddings:IntraOpThreads";

    /// <summary>
    /// Registers the local arctic-embed-xs model as a singleton
    /// <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of strings (384-dimensional, unit-length vectors),
    /// with OpenTelemetry under <see cref="TelemetryNames.AI"/>. The model loads on first use; <see cref="IntraOpThreadsKey"/> sets its threads.
    /// </summary>
    /// <remarks>A text whose embedding arrived with the request (<see cref="HintedEmbeddingGenerator.Use"/>) is not embedded again.</remarks>
    public static IHostApplicationBuilder AddLocalEmbeddings(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var threads = builder.Configuration.GetValue(IntraOpThreadsKey, 1);
        builder.Services.AddSingleton(_ => new ArcticEmbeddingGenerator(threads));
        // The hint comes first: a question embedded by the previous hop is not embedded (or traced) again.
        builder.Services.AddEmbeddingGenerator(sp => sp.GetRequiredService<ArcticEmbeddingGenerator>())
            .Use(inner => new HintedEmbeddingGenerator(inner))
            .UseOpenTelemetry(sourceName: TelemetryNames.AI);
        return builder;
    }

    private static IHttpClientBuilder AddModelHttpClient(IServiceCollection services, string name, ChatModelClientSettings settings)
    {
        var http = services.AddHttpClient(name, client => client.Timeout = settings.Timeout);

        // The service defaults' standard handler would cut long generations off after 10 s and retry
        // again on top of this pipeline, so it is replaced by a retry-only strategy.
        http.WithoutDefaultResilience().AddResilienceHandler("model-retry", pipeline => pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = settings.MaxRetryAttempts,
            Delay = settings.RetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
        }));
        return http;
    }

    // Throttling and unavailability are worth another try; validation and access errors are not.
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException ||
        outcome.Result?.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout or HttpStatusCode.InternalServerError;

    private static void AddTelemetry(ChatClientBuilder chat, ChatModelClientSettings settings)
    {
        if (!settings.DisableTracing)
        {
            chat.UseOpenTelemetry(sourceName: TelemetryNames.AI, configure: c => c.EnableSensitiveData = settings.EnableSensitiveTelemetryData);
        }

        chat.UseLogging();
    }
}
