using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Orchestrator.Graph;
using Orchestrator.Graph.Engine;
using Orchestrator.Graph.Engine.Checkpoints;
using Orchestrator.ServiceDefaults;
using Orchestrator.Graph.Engine.Channels;
using Orchestrator.Graph.Runs;

namespace Orchestrator.Tests.Graph.Service;

/// <summary>
/// The Graph service's API on real Kestrel (so Node clients can reach it) over a real PostgreSQL database, with test
/// workflows registered. Several hosts on one database act as replicas.
/// </summary>
internal sealed class GraphServiceHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly NpgsqlDataSource _dataSource;

    private GraphServiceHost(WebApplication app, NpgsqlDataSource dataSource, Uri address)
    {
        _app = app;
        _dataSource = dataSource;
        Address = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts the graph API; <paramref name="telemetry"/> adds the services' OpenTelemetry pipeline (no exporter), and
    /// <paramref name="checkpointsInMemory"/> replaces the PostgreSQL checkpointer with the in-memory one.
    /// </summary>
    public static async Task<GraphServiceHost> StartAsync(
        string connectionString, TestWorkflows workflows, TimeSpan? staleAfter = null, int keepCheckpoints = 0, bool telemetry = false, bool checkpointsInMemory = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (telemetry)
        {
            builder.ConfigureOpenTelemetry();
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration["Graph:Runs:HeartbeatInterval"] = "00:00:00.200";
        builder.Configuration["Graph:Runs:StaleAfter"] = (staleAfter ?? TimeSpan.FromSeconds(20)).ToString("c");
        builder.Configuration["Graph:Runs:PollInterval"] = "00:00:00.100";
        builder.Configuration["Graph:Runs:KeepCheckpointsPerThread"] = keepCheckpoints.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddOrchestratorProblemDetails();
        builder.Services.AddGraphEngineServices();
        if (checkpointsInMemory)
        {
            builder.Services.AddSingleton<ICheckpointSaver, InMemoryCheckpointSaver>();
        }
        foreach (var definition in workflows.Definitions())
        {
            builder.Services.AddSingleton(definition);
        }

        var app = builder.Build();
        app.UseOrchestratorProblemDetails();
        app.MapGraphApi();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var address = app.Urls.First();
        return new GraphServiceHost(app, dataSource, new Uri(address));
    }

    public async Task<JsonElement> PostJsonAsync(string path, string json, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        using var response = await Http.PostAsync(path, new StringContent(json.Replace('\'', '"'), System.Text.Encoding.UTF8, "application/json")).WaitAsync(TimeSpan.FromSeconds(60));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: expected {expected}, got {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonBuilder.Parse(body);
    }

    public async Task<JsonElement> GetJsonAsync(string path, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        using var response = await Http.GetAsync(path).WaitAsync(TimeSpan.FromSeconds(60));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {expected}, got {response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonBuilder.Parse(body);
    }

    /// <summary>
    /// Stops the host as a replica stops: runs in flight are handed back to the queue. The budget is
    /// generous because on a loaded 2-core machine the hand-back can take seconds, and a stop cut
    /// short would leave the run "running" as if the process had died.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _app.StopAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(60));
        }

        await _app.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}

/// <summary>The workflows the service tests register, with counters the tests read.</summary>
internal sealed class TestWorkflows
{
    private int _stepRuns;

    /// <summary>Released to let the "slow" workflow's gate node finish.</summary>
    public SemaphoreSlim Gate { get; } = new(0);

    /// <summary>When set, the gate node of the "slow" workflow never returns (to simulate a process dying mid-run).</summary>
    public bool Hang { get; set; }

    /// <summary>How many times the first node of the "slow" workflow ran.</summary>
    public int StepRuns => Volatile.Read(ref _stepRuns);

    /// <summary>The "chat" workflow's checkpointer, which records how often a checkpoint is read through it.</summary>
    public RecordingCheckpointSaver? ChatCheckpoints { get; private set; }

    public IEnumerable<GraphDefinition> Definitions()
    {
        yield return new GraphDefinition("approval", "Drafts SQL, asks for approval, then executes.", checkpointer => new StateGraph("approval")
            .AddChannel("messages", ChannelSpec.Messages())
            .AddChannel("sql", ChannelSpec.LastValue())
            .AddNode("draft", c => ValueTask.FromResult(NodeResult.Update(("sql", JsonBuilder.FromString("SELECT region, sum(revenue) FROM sales GROUP BY 1")))))
            .AddNode("approve", c =>
            {
                var answer = c.Interrupt(JsonBuilder.Parse("""{"question":"Run this expensive query?"}"""u8));
                return ValueTask.FromResult(NodeResult.Update(("messages", MessageJson.Create("ai", "approved: " + answer.GetString(), null))));
            })
            .SetEntryPoint("draft")
            .AddEdge("draft", "approve")
            .Compile(checkpointer));

        yield return new GraphDefinition("chat", "Streams a model's answer token by token.", checkpointer => new StateGraph("chat")
            .AddChannel("messages", ChannelSpec.Messages())
            .AddNode("agent", async c =>
            {
                var response = await c.StreamChatAsync(new TokenModel(["Revenue ", "grew ", "12%."]), MessageJson.ToChatMessages(c.State["messages"]));
                return NodeResult.Update(("messages", MessageJson.FromChatResponse(response)));
            })
            .SetEntryPoint("agent")
            .Compile(ChatCheckpoints = new RecordingCheckpointSaver(checkpointer)));

        yield return new GraphDefinition("slow", "A step, then a gate the test controls, then a final step.", checkpointer => new StateGraph("slow")
            .AddChannel("log", ChannelSpec.Append())
            .AddNode("first", _ =>
            {
                Interlocked.Increment(ref _stepRuns);
                return ValueTask.FromResult(NodeResult.Update(("log", JsonBuilder.FromString("first"))));
            })
            .AddNode("gate", async c =>
            {
                if (Hang)
                {
                    await Task.Delay(Timeout.Infinite, c.CancellationToken);
                }

                await Gate.WaitAsync(c.CancellationToken);
                return NodeResult.Update(("log", JsonBuilder.FromString("gate")));
            })
            .AddNode("last", _ => ValueTask.FromResult(NodeResult.Update(("log", JsonBuilder.FromString("last")))))
            .SetEntryPoint("first")
            .AddEdge("first", "gate")
            .AddEdge("gate", "last")
            .Compile(checkpointer));
    }
}

/// <summary>A chat model streaming fixed tokens (the model is the boundary these tests do not reach).</summary>
internal sealed class TokenModel(string[] tokens) : Microsoft.Extensions.AI.IChatClient
{
    public Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new Microsoft.Extensions.AI.ChatResponse(new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.Assistant, string.Concat(tokens))));

    public async IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Assert.NotEmpty(messages);
        foreach (var token in tokens)
        {
            await Task.Yield();
            yield return new Microsoft.Extensions.AI.ChatResponseUpdate(Microsoft.Extensions.AI.ChatRole.Assistant, token);
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
