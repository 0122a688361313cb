using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Orchestrator.AgentCore.Apis;
using Orchestrator.AgentCore.Apis.OpenAI;
using Orchestrator.AgentCore.Auth;
using Orchestrator.AgentCore.Conversation;
using Orchestrator.AgentCore.Graph;
using Orchestrator.AgentCore.Runtime;
using Orchestrator.AgentCore.Sessions;
using Orchestrator.AgentCore.Supervisor;
using Orchestrator.AI;
using Orchestrator.ServiceDefaults.Data;

namespace Orchestrator.AgentCore;

/// <summary>The AgentCore edge's services and request pipeline.</summary>
public static class AgentCoreServiceExtensions
{
    /// <summary>The component name of AgentCore's migrations in <c>schema_migrations</c>.</summary>
    public const string MigrationComponent = "agentcore";

    /// <summary>Registers limits, auth, sessions, the supervisor, the Graph client and the ping status.</summary>
    public static IHostApplicationBuilder AddAgentCoreServices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddChatModel(ResourceNames.ChatModel);
        builder.AddLocalEmbeddings();
        builder.Services.AddOptions<AgentCoreOptions>()
            .BindConfiguration(AgentCoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<PlaygroundOptions>().BindConfiguration(PlaygroundOptions.SectionName);
        builder.Services.AddOptions<SupervisorOptions>()
            .BindConfiguration(SupervisorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IConfigureOptions<KestrelServerOptions>>(sp =>
            new ConfigureOptions<KestrelServerOptions>(kestrel =>
                kestrel.Limits.MaxRequestBodySize = sp.GetRequiredService<IOptions<AgentCoreOptions>>().Value.MaxRequestBodyBytes));

        builder.AddNpgsqlDataSource(ResourceNames.OrchestratorDb);
        builder.Services.AddSqlMigrations(MigrationComponent, typeof(AgentCoreServiceExtensions).Assembly);
        builder.AddAgentCoreAuth();

        builder.Services.AddHttpClient<GraphClient>(http => http.BaseAddress = ResourceNames.ServiceUri(ResourceNames.Graph)).WithOwnStandardResilience(resilience =>
        {
            // A run is not idempotent (it appends to the thread), and a model-backed run takes longer
            // than the defaults' 10 s attempt timeout allows.
            resilience.Retry.DisableForUnsafeHttpMethods();
            resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(110);
            resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(120);
            resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(240);
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PingStatus>();
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<Feedback.FeedbackStore>();
        builder.Services.AddHostedService<Feedback.FeedbackForwarder>();
        builder.Services.AddSingleton<EmbeddingRouter>();
        builder.Services.AddSingleton(sp => ActivatorUtilities.CreateInstance<AgentSupervisor>(sp, sp.GetService<Microsoft.Extensions.AI.IChatClient>() is { } chat ? [chat] : []));
        builder.Services.AddHostedService<SupervisorWarmUp>();
        builder.Services.AddTransient<TurnRunner>();
        return builder;
    }

    /// <summary>
    /// ProblemDetails, the playground's static files (public), then authentication, authorization
    /// and rate limiting for the API routes.
    /// </summary>
    public static WebApplication UseAgentCorePipeline(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The public edge: a caller's baggage must not name sessions or users in our traces; the turn sets its own.
        app.Use((context, next) =>
        {
            OpenTelemetry.Baggage.Current = default;
            return next(context);
        });
        app.UseOrchestratorProblemDetails();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>Maps the Runtime contract, sessions and feedback, the admin API, the OpenAI-compatible API and the playground's settings.</summary>
    public static WebApplication MapAgentCoreApis(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapInvocationsApi();
        app.MapSessionsApi();
        app.MapFeedbackApi();
        app.MapAdminApi();
        app.MapChatCompletionsApi();
        app.MapPlaygroundApi();
        return app;
    }
}
