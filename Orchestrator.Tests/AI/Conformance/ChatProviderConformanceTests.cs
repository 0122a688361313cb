using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AI.Conformance;

/// <summary>
/// What every chat provider registered by <c>AddChatModel</c> must do through <see cref="IChatClient"/>,
/// run against each provider's fake: answer text with usage, and complete a tool round trip under
/// <c>UseFunctionInvocation()</c>, buffered and streamed.
/// </summary>
public abstract class ChatProviderConformanceTests
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    protected abstract IHost CreateHost(string model);

    protected abstract void ScriptText(string model, string text, bool streaming);

    protected abstract void ScriptToolCall(string model, string callId, string name, string argumentsJson, bool streaming);

    /// <summary>The tool result text the provider sent back in the request after the tool ran.</summary>
    protected abstract string? SentToolResult(string model, string callId);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Answer_Text_ArrivesWithUsage(bool streaming)
    {
        var model = $"conformance-{Guid.NewGuid():N}";
        ScriptText(model, "The answer is 42.", streaming);
        using var host = CreateHost(model);
        var client = host.ChatClient();

        var response = streaming
            ? (await client.GetStreamingResponseAsync("Question?").ToListAsync().AsTask().WaitAsync(Timeout)).ToChatResponse()
            : await client.GetResponseAsync("Question?").WaitAsync(Timeout);

        Assert.Equal("The answer is 42.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.True(response.Usage?.InputTokenCount > 0, "usage must report input tokens");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ToolRoundTrip_UnderFunctionInvocation_RunsToolAndSendsResult(bool streaming)
    {
        var model = $"conformance-{Guid.NewGuid():N}";
        ScriptToolCall(model, "call_c1", "get_weather", """{"city":"Lima"}""", streaming);
        ScriptText(model, "Foggy in Lima.", streaming);
        using var host = CreateHost(model);
        var cities = new List<string>();
        var tool = AIFunctionFactory.Create((string city) => { cities.Add(city); return $"fog over {city}"; }, "get_weather");
        using var client = new ChatClientBuilder(host.ChatClient()).UseFunctionInvocation().Build();
        var options = new ChatOptions { Tools = [tool] };

        var response = streaming
            ? (await client.GetStreamingResponseAsync("Weather in Lima?", options).ToListAsync().AsTask().WaitAsync(Timeout)).ToChatResponse()
            : await client.GetResponseAsync("Weather in Lima?", options).WaitAsync(Timeout);

        Assert.Equal(["Lima"], cities);
        Assert.EndsWith("Foggy in Lima.", response.Text, StringComparison.Ordinal);
        // Providers may send a string result as is (Bedrock) or JSON-encoded (the OpenAI adapter).
        Assert.Contains("fog over Lima", SentToolResult(model, "call_c1") ?? "", StringComparison.Ordinal);
    }
}
