using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.AI.Bedrock;

namespace Orchestrator.Tests.AI;

public sealed class ConverseRequestWriterTests
{
    private static JsonElement Write(IEnumerable<ChatMessage> messages, ChatOptions? options = null) =>
        JsonDocument.Parse(ConverseRequestWriter.Write(messages, options)).RootElement;

    [Fact]
    public void Write_ObjectToolResultAndFailedCall_SendsJsonBlockAndErrorStatus()
    {
        var body = Write(
        [
            new(ChatRole.User, "Run both."),
            new(ChatRole.Assistant, [new FunctionCallContent("c1", "lookup", new Dictionary<string, object?> { ["id"] = 7 }), new FunctionCallContent("c2", "fail")]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", new { name = "Widget", price = 9.5 })]),
            new(ChatRole.Tool, [new FunctionResultContent("c2", null) { Exception = new InvalidOperationException("boom") }]),
        ], new ChatOptions { Tools = [AIFunctionFactory.Create((int id) => id, "lookup"), AIFunctionFactory.Create(() => 0, "fail")] });

        var messages = body.GetProperty("messages");
        Assert.Equal(3, messages.GetArrayLength());
        Assert.Equal(7, messages[1].GetProperty("content")[0].GetProperty("toolUse").GetProperty("input").GetProperty("id").GetInt32());
        var results = messages[2].GetProperty("content");
        Assert.Equal(2, results.GetArrayLength());
        var first = results[0].GetProperty("toolResult");
        Assert.Equal("Widget", first.GetProperty("content")[0].GetProperty("json").GetProperty("name").GetString());
        var second = results[1].GetProperty("toolResult");
        Assert.Equal("error", second.GetProperty("status").GetString());
        Assert.Equal("boom", second.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Write_NoneToolMode_LeavesToolsOut()
    {
        var body = Write([new(ChatRole.User, "Hi")], new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "t")], ToolMode = ChatToolMode.None });

        Assert.False(body.TryGetProperty("toolConfig", out _));
    }

    [Fact]
    public void Write_BlankTextAndReasoning_AreNotSent()
    {
        var body = Write(
        [
            new(ChatRole.User, "Question"),
            new(ChatRole.Assistant, [new TextReasoningContent("thinking"), new TextContent("  "), new TextContent("Answer")]),
        ]);

        var assistant = body.GetProperty("messages")[1].GetProperty("content");
        Assert.Equal("Answer", Assert.Single(assistant.EnumerateArray()).GetProperty("text").GetString());
        Assert.False(body.TryGetProperty("inferenceConfig", out _));
        Assert.False(body.TryGetProperty("system", out _));
    }

    [Fact]
    public void Write_UnsupportedMediaType_ThrowsNamingIt()
    {
        var error = Assert.Throws<NotSupportedException>(() => Write([new(ChatRole.User, [new DataContent(new byte[] { 1 }, "audio/wav")])]));

        Assert.Contains("audio/wav", error.Message, StringComparison.Ordinal);
    }
}
