using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentCore.Bench;

/// <summary>The baseline: a bare Kestrel <c>/invocations</c> that parses the JSON body and answers with a fixed JSON.</summary>
internal static class BareKestrel
{
    public static async Task<WebApplication> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/invocations", async (HttpRequest request) =>
        {
            var body = await request.ReadFromJsonAsync<JsonObject>();
            return Results.Json(new { response = $"echo of {body?["prompt"]?.GetValue<string>()?.Length ?? 0} characters", session_id = Guid.NewGuid().ToString() });
        });
        await app.StartAsync();
        return app;
    }
}
