using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.AI;
using Orchestrator.ServiceDefaults;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AI.Conformance;

public sealed class OpenAIConformanceTests : ChatProviderConformanceTests, IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAIServer.StartAsync().WaitAsync(Timeout);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    protected override IHost CreateHost(string model)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.AddChatModel(ResourceNames.ChatModel, settings =>
            settings.ConnectionString = $"Provider=OpenAI;Endpoint={_server.Endpoint};Model={model};Key={FakeOpenAIServer.ApiKey}");
        return builder.Build();
    }

    protected override void ScriptText(string model, string text, bool streaming) => _server.ScriptText(model, text);

    protected override void ScriptToolCall(string model, string callId, string name, string argumentsJson, bool streaming) =>
        _server.ScriptToolCall(model, callId, name, argumentsJson);

    protected override string? SentToolResult(string model, string callId) => _server.RequestsFor(model)
        .SelectMany(r => r.GetProperty("messages").EnumerateArray())
        .Where(m => m.GetProperty("role").GetString() == "tool" && m.GetProperty("tool_call_id").GetString() == callId)
        .Select(m => m.GetProperty("content") is { ValueKind: System.Text.Json.JsonValueKind.String } s ? s.GetString() : m.GetProperty("content")[0].GetProperty("text").GetString())
        .LastOrDefault();
}
