namespace Orchestrator.Cortex.Snowflake;

/// <summary>
/// Forwards a northbound request (Analyst, Search, Agents, statement status and cancel) to the
/// Snowflake account and streams the answer back unchanged: status, content type and body, so
/// Snowflake's own error shapes and SSE events reach the client as Snowflake wrote them.
/// </summary>
public sealed class SnowflakeProxy(SnowflakeHttpSender sender)
{
    /// <summary>The largest request body forwarded.</summary>
    public const int MaxRequestBytes = 4 * 1024 * 1024;

    /// <summary>Reads the request body (bounded by <see cref="MaxRequestBytes"/>); null when empty.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxRequestBytes)
            {
                throw new BadHttpRequestException($"The request body is larger than {MaxRequestBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.Length == 0 ? null : buffer.ToArray();
    }

    /// <summary>Forwards <paramref name="method"/> <paramref name="pathAndQuery"/> with <paramref name="body"/> and copies the answer to <paramref name="context"/>.</summary>
    public async Task ForwardAsync(HttpContext context, HttpMethod method, string pathAndQuery, byte[]? body)
    {
        ArgumentNullException.ThrowIfNull(context);
        var accept = context.Request.Headers.Accept.ToString();
        using var response = await sender.SendAsync(method, pathAndQuery, body, string.IsNullOrWhiteSpace(accept) ? "application/json" : accept, context.RequestAborted);
        await CopyAsync(response, context);
    }

    /// <summary>Copies an upstream response (status, content type, Link header, body) to <paramref name="context"/>.</summary>
    public static async Task CopyAsync(HttpResponseMessage response, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } type)
        {
            context.Response.ContentType = type.ToString();
        }

        if (response.Headers.TryGetValues("Link", out var links))
        {
            context.Response.Headers.Link = links.ToArray();
        }

        await using var upstream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await upstream.ReadAsync(buffer, context.RequestAborted)) > 0)
        {
            await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            // SSE events must reach the client as they arrive, not when a buffer fills.
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }
}
