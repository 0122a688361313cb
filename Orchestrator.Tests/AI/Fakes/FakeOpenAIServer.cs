using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Orchestrator.Tests.AI.Fakes;

/// <summary>
/// A minimal OpenAI-compatible chat-completions server on 127.0.0.1 (as Ollama, vLLM or llama.cpp
/// expose): checks the bearer key, answers scripted text or tool calls, buffered or as SSE chunks.
/// </summary>
public sealed class FakeOpenAIServer : IAsyncDisposable
{
    public const string ApiKey = "sk-fake-openai";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<JsonElement>> _requests = new();

    private FakeOpenAIServer(WebApplication app) => _app = app;

    /// <summary>The <c>Endpoint=</c> value, ending in <c>/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public static async Task<FakeOpenAIServer> StartAsync()
    {
        FakeOpenAIServer? server = null;
        var app = await LoopbackWebApp.StartAsync(app =>
        {
            server = new FakeOpenAIServer(app);
            app.MapPost("/v1/chat/completions", server.HandleAsync);
        });
        server!.Endpoint = new Uri(app.Urls.Single() + "/v1");
        return server;
    }

    public void ScriptText(string model, string text) => Enqueue(model, new Reply(text, null, null, null));

    public void ScriptToolCall(string model, string callId, string name, string argumentsJson) =>
        Enqueue(model, new Reply(null, callId, name, argumentsJson));

    public IReadOnlyList<JsonElement> RequestsFor(string model) => _requests.TryGetValue(model, out var q) ? q.ToList() : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private void Enqueue(string model, Reply reply) => _scripts.GetOrAdd(model, _ => new()).Enqueue(reply);

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization != $"Bearer {ApiKey}")
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { error = new { message = "Incorrect API key provided.", type = "invalid_request_error" } });
            return;
        }

        var body = (await JsonDocument.ParseAsync(context.Request.Body)).RootElement.Clone();
        var model = body.GetProperty("model").GetString()!;
        _requests.GetOrAdd(model, _ => new()).Enqueue(body);
        if (!_scripts.TryGetValue(model, out var script) || !script.TryDequeue(out var reply))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = new { message = $"no scripted reply for {model}", type = "invalid_request_error" } });
            return;
        }

        if (body.TryGetProperty("stream", out var stream) && stream.GetBoolean())
        {
            await WriteStreamAsync(context, model, reply);
            return;
        }

        object message = reply.Text is not null
            ? new { role = "assistant", content = reply.Text }
            : new { role = "assistant", content = (string?)null, tool_calls = new[] { ToolCall(reply) } };
        await context.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion",
            created = 1_700_000_000,
            model,
            choices = new[] { new { index = 0, message, finish_reason = reply.Text is null ? "tool_calls" : "stop" } },
            usage = new { prompt_tokens = 12, completion_tokens = 6, total_tokens = 18 },
        });
    }

    private static async Task WriteStreamAsync(HttpContext context, string model, Reply reply)
    {
        context.Response.ContentType = "text/event-stream";
        async Task ChunkAsync(object? delta, string? finishReason, object? usage = null)
        {
            var chunk = new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion.chunk",
                created = 1_700_000_000,
                model,
                choices = delta is null ? [] : new[] { new { index = 0, delta, finish_reason = finishReason } },
                usage,
            };
            await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n");
            await context.Response.Body.FlushAsync();
        }

        if (reply.Text is not null)
        {
            var half = reply.Text.Length / 2;
            await ChunkAsync(new { role = "assistant", content = reply.Text[..half] }, null);
            await ChunkAsync(new { content = reply.Text[half..] }, null);
            await ChunkAsync(new { }, "stop");
        }
        else
        {
            var half = reply.Arguments!.Length / 2;
            await ChunkAsync(new { role = "assistant", tool_calls = new[] { new { index = 0, id = reply.CallId, type = "function", function = new { name = reply.Name, arguments = reply.Arguments[..half] } } } }, null);
            await ChunkAsync(new { tool_calls = new[] { new { index = 0, function = new { arguments = reply.Arguments[half..] } } } }, null);
            await ChunkAsync(new { }, "tool_calls");
        }

        await ChunkAsync(null, null, new { prompt_tokens = 12, completion_tokens = 6, total_tokens = 18 });
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    private static object ToolCall(Reply reply) =>
        new { id = reply.CallId, type = "function", function = new { name = reply.Name, arguments = reply.Arguments } };

    private sealed record Reply(string? Text, string? CallId, string? Name, string? Arguments);
}
