using Microsoft.Extensions.Options;
using Orchestrator.Cortex.Configuration;
using Orchestrator.Cortex.Snowflake;

namespace Orchestrator.Cortex.Apis;

/// <summary>Sends a northbound request to the configured backend.</summary>
public static class BackendDispatch
{
    /// <summary>
    /// Reads the body, then either forwards the request unchanged to the Snowflake account (snowflake
    /// backend) or hands the body to <paramref name="local"/> (local backend).
    /// </summary>
    public static async Task<IResult> DispatchAsync(HttpContext context, string snowflakePath, Func<byte[]?, Task<IResult>> local)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(local);
        var body = await SnowflakeProxy.ReadBodyAsync(context.Request, context.RequestAborted);
        var services = context.RequestServices;
        if (services.GetRequiredService<IOptions<CortexBackendOptions>>().Value.Backend == CortexBackendKind.Snowflake)
        {
            await services.GetRequiredService<SnowflakeProxy>().ForwardAsync(context, HttpMethod.Post, snowflakePath, body);
            return Results.Empty;
        }

        return await local(body);
    }
}
