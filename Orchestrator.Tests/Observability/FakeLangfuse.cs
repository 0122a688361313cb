using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orchestrator.Tests.Infrastructure;

namespace Orchestrator.Tests.Observability;

/// <summary>
/// A strict stand-in for Langfuse's public API: the OTLP trace intake, prompts (get by label or
/// version, create) and scores. Every call must carry Basic auth with the project's keys, as
/// Langfuse requires; bodies are checked against the shapes of Langfuse's API reference.
/// </summary>
public sealed class FakeLangfuse : IAsyncDisposable
{
    public const string PublicKey = "pk-lf-test";
    public const string SecretKey = "sk-lf-test";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<JsonObject> _scores = new();
    private readonly ConcurrentDictionary<string, List<JsonObject>> _prompts = new();
    private int _promptFetches;
    private int _rejectedCalls;

    private FakeLangfuse(WebApplication app) => _app = app;

    public string Endpoint { get; private set; } = "";

    public string ConnectionString => $"Endpoint={Endpoint};PublicKey={PublicKey};SecretKey={SecretKey}";

    /// <summary>When true every call answers 503, as a Langfuse that is down.</summary>
    public bool Down { get; set; }

    public IReadOnlyCollection<ReceivedSpan> Spans => _spans.ToArray();

    public IReadOnlyCollection<JsonObject> Scores => _scores.ToArray();

    public int PromptFetches => _promptFetches;

    /// <summary>Calls refused for missing or wrong keys.</summary>
    public int RejectedCalls => _rejectedCalls;

    public static async Task<FakeLangfuse> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeLangfuse(app);
        app.Use(async (context, next) =>
        {
            if (fake.Down)
            {
                context.Response.StatusCode = 503;
                return;
            }

            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{PublicKey}:{SecretKey}"));
            if (context.Request.Headers.Authorization != expected)
            {
                Interlocked.Increment(ref fake._rejectedCalls);
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { message = "Invalid credentials" });
                return;
            }

            await next(context);
        });
        app.MapPost("/api/public/otel/v1/traces", fake.ReceiveTracesAsync);
        app.MapGet("/api/public/v2/prompts/{name}", fake.GetPrompt);
        app.MapPost("/api/public/v2/prompts", fake.CreatePrompt);
        app.MapPost("/api/public/scores", fake.CreateScore);
        await app.StartAsync();
        fake.Endpoint = app.Urls.Single();
        return fake;
    }

    /// <summary>Stores a prompt version as if created in Langfuse's UI.</summary>
    public void SeedPrompt(string name, string text, params string[] labels)
    {
        var versions = _prompts.GetOrAdd(name, _ => []);
        lock (versions)
        {
            versions.Add(new JsonObject
            {
                ["name"] = name,
                ["version"] = versions.Count + 1,
                ["type"] = "text",
                ["prompt"] = text,
                ["config"] = new JsonObject(),
                ["labels"] = new JsonArray(labels.Select(l => (JsonNode)l).ToArray()),
                ["tags"] = new JsonArray(),
            });
        }
    }

    public async Task WaitForSpansAsync(Func<IReadOnlyCollection<ReceivedSpan>, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Spans) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }

    private async Task<IResult> ReceiveTracesAsync(HttpRequest request)
    {
        if (request.ContentType != "application/x-protobuf" || request.Headers["x-langfuse-ingestion-version"] != "4")
        {
            return Results.BadRequest();
        }

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        try
        {
            foreach (var span in OtlpTraceDecoder.Decode(body.ToArray()))
            {
                _spans.Enqueue(span);
            }
        }
        catch (InvalidProtocolBufferException)
        {
            return Results.BadRequest();
        }

        return Results.Bytes([], "application/x-protobuf");
    }

    private IResult GetPrompt(string name, string? label, int? version)
    {
        Interlocked.Increment(ref _promptFetches);
        if (!_prompts.TryGetValue(name, out var versions))
        {
            return Results.NotFound(new { message = $"Prompt not found: '{name}'" });
        }

        lock (versions)
        {
            var match = version is { } v
                ? versions.FirstOrDefault(p => p["version"]!.GetValue<int>() == v)
                : versions.LastOrDefault(p => p["labels"]!.AsArray().Any(l => l!.GetValue<string>() == (label ?? "production")));
            return match is null ? Results.NotFound(new { message = "Prompt version not found" }) : Results.Json(match.DeepClone());
        }
    }

    private IResult CreatePrompt(JsonObject body)
    {
        if (body["name"]?.GetValue<string>() is not { Length: > 0 } name || body["prompt"] is null || body["type"]?.GetValue<string>() is not ("text" or "chat"))
        {
            return Results.BadRequest(new { message = "name, type (text|chat) and prompt are required" });
        }

        var labels = body["labels"]?.AsArray().Select(l => l!.GetValue<string>()).ToArray() ?? [];
        SeedPrompt(name, body["prompt"]!.ToString(), labels);
        return Results.Json(_prompts[name].Last().DeepClone());
    }

    private IResult CreateScore(JsonObject body)
    {
        var traceId = body["traceId"]?.GetValue<string>();
        if (traceId is not { Length: 32 } || !traceId.All(Uri.IsHexDigit) || body["name"]?.GetValue<string>() is not { Length: > 0 } || body["value"] is null)
        {
            return Results.BadRequest(new { message = "traceId (32 hex), name and value are required" });
        }

        _scores.Enqueue(body);
        return Results.Json(new { id = Guid.NewGuid().ToString() });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
