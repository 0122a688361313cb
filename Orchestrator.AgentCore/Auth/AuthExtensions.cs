using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Orchestrator.AgentCore.Auth;

/// <summary>Authentication (API keys, optional JWT bearer, opt-in open mode) and per-caller rate limits.</summary>
public static class AuthExtensions
{
    /// <summary>The authorization and rate-limit policy every API route uses.</summary>
    public const string CallerPolicy = "agentcore-caller";
    private const string SelectorScheme = "AgentCore";

    /// <summary>Registers the schemes, the caller policy and the per-caller fixed-window limiter.</summary>
    public static IHostApplicationBuilder AddAgentCoreAuth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ApiKeyStore>();

        var jwt = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>()?.Jwt ?? new JwtOptions();
        var authentication = builder.Services.AddAuthentication(SelectorScheme)
            .AddPolicyScheme(SelectorScheme, "API key or JWT", scheme => scheme.ForwardDefaultSelector = context =>
                jwt.Enabled && Credentials.Bearer(context.Request) is { } token && Credentials.LooksLikeJwt(token)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        if (jwt.Enabled)
        {
            authentication.AddJwtBearer(options =>
            {
                options.Authority = jwt.Authority;
                options.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.TokenValidationParameters.ValidIssuer = jwt.Issuer ?? jwt.Authority;
                options.TokenValidationParameters.ValidAudience = jwt.Audience;
                options.TokenValidationParameters.NameClaimType = "sub";
                options.Events = new JwtBearerEvents
                {
                    OnChallenge = challenge =>
                    {
                        challenge.HandleResponse();
                        return AuthProblems.WriteUnauthorizedAsync(challenge.HttpContext);
                    },
                };
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CallerPolicy, policy => policy.RequireAuthenticatedUser());

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(CallerPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    Owners.RateLimitPartition(context.User),
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = options.PermitsPerWindow,
                        Window = TimeSpan.FromSeconds(options.WindowSeconds),
                        QueueLimit = 0,
                    });
            });
            limiter.OnRejected = WriteRateLimitedAsync;
        });
        return builder;
    }

    private static async ValueTask WriteRateLimitedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var context = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
        await AuthProblems.WriteAsync(
            context, StatusCodes.Status429TooManyRequests, "Too many requests", ProblemTypes.RateLimited,
            $"This caller's request budget is spent; retry after {retryAfter} s.",
            response => response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture));
    }
}
