using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Tests.AI.Fakes;

/// <summary>Starts a quiet Kestrel app on 127.0.0.1 with a free port, for the fakes of foreign APIs.</summary>
public static class LoopbackWebApp
{
    public static async Task<WebApplication> StartAsync(Action<WebApplication> mapRoutes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        mapRoutes(app);
        await app.StartAsync();
        return app;
    }
}
