using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AI.Conformance;

public sealed class BedrockConformanceTests(FakeBedrockServerFixture fixture) : ChatProviderConformanceTests, IClassFixture<FakeBedrockServerFixture>
{
    protected override IHost CreateHost(string model) => BedrockClientFactory.CreateHost(fixture.Server, model);

    protected override void ScriptText(string model, string text, bool streaming) => fixture.Server.Script(model, streaming
        ? FakeReply.Stream(
            EventStreamEncoder.Event("contentBlockDelta", JsonSerializer.Serialize(new { contentBlockIndex = 0, delta = new { text } })),
            EventStreamEncoder.Event("messageStop", """{"stopReason":"end_turn"}"""),
            EventStreamEncoder.Event("metadata", """{"usage":{"inputTokens":9,"outputTokens":4,"totalTokens":13}}"""))
        : FakeReply.Text(text));

    protected override void ScriptToolCall(string model, string callId, string name, string argumentsJson, bool streaming) => fixture.Server.Script(model, streaming
        ? FakeReply.Stream(
            EventStreamEncoder.Event("contentBlockStart", JsonSerializer.Serialize(new { contentBlockIndex = 0, start = new { toolUse = new { toolUseId = callId, name } } })),
            EventStreamEncoder.Event("contentBlockDelta", JsonSerializer.Serialize(new { contentBlockIndex = 0, delta = new { toolUse = new { input = argumentsJson } } })),
            EventStreamEncoder.Event("contentBlockStop", """{"contentBlockIndex":0}"""),
            EventStreamEncoder.Event("messageStop", """{"stopReason":"tool_use"}"""))
        : FakeReply.Converse($$$"""
            {"output":{"message":{"role":"assistant","content":[{"toolUse":{"toolUseId":"{{{callId}}}","name":"{{{name}}}","input":{{{argumentsJson}}}}}]}},
             "stopReason":"tool_use","usage":{"inputTokens":9,"outputTokens":4,"totalTokens":13}}
            """));

    protected override string? SentToolResult(string model, string callId) => fixture.Server.RequestsFor(model)
        .SelectMany(r => r.Body.GetProperty("messages").EnumerateArray())
        .SelectMany(m => m.GetProperty("content").EnumerateArray())
        .Where(b => b.TryGetProperty("toolResult", out var t) && t.GetProperty("toolUseId").GetString() == callId)
        .Select(b => b.GetProperty("toolResult").GetProperty("content")[0].GetProperty("text").GetString())
        .LastOrDefault();
}
