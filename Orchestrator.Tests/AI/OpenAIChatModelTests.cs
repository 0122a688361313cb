using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.AI;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.AI;

/// <summary>The OpenAI-compatible provider against a minimal chat-completions endpoint on 127.0.0.1.</summary>
public sealed class OpenAIChatModelTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly List<(string? Authorization, JsonElement Body)> _requests = [];
    private WebApplication _server = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _server = builder.Build();
        _server.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var body = await JsonDocument.ParseAsync(context.Request.Body);
            lock (_requests)
            {
                _requests.Add((context.Request.Headers.Authorization, body.RootElement.Clone()));
            }

            return Results.Json(new
            {
                id = "chatcmpl-1",
                @object = "chat.completion",
                created = 1_700_000_000,
                model = body.RootElement.GetProperty("model").GetString(),
                choices = new[] { new { index = 0, message = new { role = "assistant", content = "Hi from the local server." }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 6, completion_tokens = 5, total_tokens = 11 },
            });
        });
        await _server.StartAsync().WaitAsync(Timeout);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetResponse_OpenAICompatibleServer_SendsModelAndKeyAndMapsUsage()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        builder.Configuration["ConnectionStrings:chat-model"] = $"Provider=OpenAI;Endpoint={_server.Urls.Single()}/v1;Model=llama3.2;Key=sk-local";
        builder.AddChatModel(ResourceNames.ChatModel);
        using var host = builder.Build();

        var response = await host.Services.GetRequiredService<IChatClient>().GetResponseAsync("Hello?").WaitAsync(Timeout);

        Assert.Equal("Hi from the local server.", response.Text);
        Assert.Equal(11, response.Usage?.TotalTokenCount);
        var (authorization, body) = Assert.Single(_requests);
        Assert.Equal("Bearer sk-local", authorization);
        Assert.Equal("llama3.2", body.GetProperty("model").GetString());
        Assert.Equal("Hello?", body.GetProperty("messages")[0].GetProperty("content").GetString());
    }
}
