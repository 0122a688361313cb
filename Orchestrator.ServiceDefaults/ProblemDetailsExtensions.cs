using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Orchestrator.ServiceDefaults;

/// <summary>
/// Makes every error a client sees a ProblemDetails document: exceptions, bad requests found by
/// model binding (malformed JSON, oversized bodies) and bare status codes such as an unknown route.
/// </summary>
public static class ProblemDetailsExtensions
{
    /// <summary>Registers ProblemDetails with a trace id and the exception-to-status mapping.</summary>
    public static IServiceCollection AddOrchestratorProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Type ??= ProblemTypes.ForStatus(problem.Status ?? context.HttpContext.Response.StatusCode);
            var traceId = Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            problem.Extensions.TryAdd("traceId", traceId);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        return services;
    }

    /// <summary>
    /// Turns exceptions and empty error responses into ProblemDetails. Call first in the pipeline.
    /// </summary>
    public static WebApplication UseOrchestratorProblemDetails(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
