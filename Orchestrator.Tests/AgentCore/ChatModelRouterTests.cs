using Microsoft.Extensions.AI;
using Orchestrator.AgentCore.Sessions;
using Orchestrator.AgentCore.Supervisor;

namespace Orchestrator.Tests.AgentCore;

public class ChatModelRouterTests
{
    [Fact]
    public async Task Route_ModelCallsTheTool_ReturnsItsDecisionAndForcedTheTool()
    {
        var chat = new ScriptedChatClient(new FunctionCallContent("c1", "route", new Dictionary<string, object?>
        {
            ["route"] = "search",
            ["confidence"] = 0.87,
            ["reason"] = "asks about a policy document",
        }));
        var router = new ChatModelRouter(chat);
        SessionMessage[] history = [new("user", "hi", "general", DateTimeOffset.UnixEpoch), new("assistant", "hello!", "general", DateTimeOffset.UnixEpoch)];

        var decision = await router.RouteAsync(new RoutingInput("What does the warranty cover?", new float[384], history), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(new RouteDecision("search", 0.87, "asks about a policy document"), decision);
        var mode = Assert.IsType<RequiredChatToolMode>(chat.Options!.ToolMode);
        Assert.Equal("route", mode.RequiredFunctionName);
        Assert.Equal("route", Assert.Single(chat.Options.Tools!).Name);
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User], chat.Messages!.Select(m => m.Role));
        Assert.Equal("What does the warranty cover?", chat.Messages![^1].Text);
    }

    [Theory]
    [InlineData("weather", 0.9)]
    [InlineData(null, 0.9)]
    public async Task Route_ModelReturnsAnUnknownRoute_Throws(string? route, double confidence)
    {
        var router = new ChatModelRouter(new ScriptedChatClient(new FunctionCallContent("c1", "route", new Dictionary<string, object?> { ["route"] = route, ["confidence"] = confidence })));

        await Assert.ThrowsAsync<RoutingException>(() => router.RouteAsync(new RoutingInput("q", new float[384], []), CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Route_ModelAnswersInText_Throws()
    {
        var router = new ChatModelRouter(new ScriptedChatClient(new TextContent("analyst, I think")));

        await Assert.ThrowsAsync<RoutingException>(() => router.RouteAsync(new RoutingInput("q", new float[384], []), CancellationToken.None)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>Answers every request with one scripted content and records what it was asked.</summary>
    internal sealed class ScriptedChatClient(AIContent reply) : IChatClient
    {
        public ChatOptions? Options { get; private set; }

        public IReadOnlyList<ChatMessage>? Messages { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            Messages = [.. messages];
            Options = options;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [reply])));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The router does not stream.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
