using System.Diagnostics;
using Amazon.Runtime;
using Microsoft.Extensions.AI;
using Orchestrator.AI.Bedrock;
using Orchestrator.ServiceDefaults;
using Orchestrator.Tests.AI.Fakes;

namespace Orchestrator.Tests.AI;

public sealed class BedrockChatClientTests(FakeBedrockServerFixture fixture) : IClassFixture<FakeBedrockServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private FakeBedrockServer Server => fixture.Server;

    private static string NewModelId() => $"anthropic.claude-test-{Guid.NewGuid():N}-v1:0";

    [Fact]
    public async Task GetResponse_SystemAndOptions_SendsSignedConverseAndMapsUsage()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Text("Forty-two."));
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var response = await host.ChatClient().GetResponseAsync(
            [new(ChatRole.System, "Be brief."), new(ChatRole.User, "First part."), new(ChatRole.User, "Second part.")],
            new ChatOptions { MaxOutputTokens = 100, Temperature = 0.25f, TopP = 0.9f, StopSequences = ["END"], Instructions = "Answer in English." })
            .WaitAsync(Timeout);

        Assert.Equal("Forty-two.", response.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(model, response.ModelId);
        Assert.Equal((11L, 7L, 18L, 5L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount, response.Usage.CachedInputTokenCount));
        Assert.Equal(3L, response.Usage.AdditionalCounts!["CacheWriteInputTokens"]);

        var request = Assert.Single(Server.RequestsFor(model));
        Assert.Equal("converse", request.Operation);
        Assert.Equal(FakeBedrockServer.AccessKey, request.AccessKey);
        Assert.Contains("content-type", request.SignedHeaders);
        var body = request.Body;
        Assert.Equal(["Be brief.", "Answer in English."], body.GetProperty("system").EnumerateArray().Select(s => s.GetProperty("text").GetString()));
        // Two user messages in a row are merged: Converse requires strict alternation.
        var message = Assert.Single(body.GetProperty("messages").EnumerateArray());
        Assert.Equal(2, message.GetProperty("content").GetArrayLength());
        var inference = body.GetProperty("inferenceConfig");
        Assert.Equal(100, inference.GetProperty("maxTokens").GetInt32());
        Assert.Equal(0.25, inference.GetProperty("temperature").GetDouble(), 3);
        Assert.Equal(0.9, inference.GetProperty("topP").GetDouble(), 3);
        Assert.Equal("END", inference.GetProperty("stopSequences")[0].GetString());
    }

    [Fact]
    public async Task GetResponse_ToolCallUnderFunctionInvocation_CompletesRoundTrip()
    {
        var model = NewModelId();
        Server.Script(model,
            FakeReply.Converse("""
                {"output":{"message":{"role":"assistant","content":[
                  {"text":"Let me look that up."},
                  {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]}},
                 "stopReason":"tool_use","usage":{"inputTokens":20,"outputTokens":9,"totalTokens":29}}
                """),
            FakeReply.Text("It is sunny in Paris."));
        using var host = BedrockClientFactory.CreateHost(Server, model);
        var cities = new List<string>();
        var tool = AIFunctionFactory.Create((string city) => { cities.Add(city); return $"sunny in {city}"; }, "get_weather", "Current weather of a city");
        using var client = new ChatClientBuilder(host.ChatClient()).UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync("Weather in Paris?", new ChatOptions { Tools = [tool] }).WaitAsync(Timeout);

        Assert.Equal("It is sunny in Paris.", response.Messages[^1].Text);
        Assert.Equal(["Paris"], cities);
        var requests = Server.RequestsFor(model);
        Assert.Equal(2, requests.Count);
        var second = requests[1].Body;
        var messages = second.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        var toolUse = messages[1].GetProperty("content")[1].GetProperty("toolUse");
        Assert.Equal("Paris", toolUse.GetProperty("input").GetProperty("city").GetString());
        var toolResult = messages[2].GetProperty("content")[0].GetProperty("toolResult");
        Assert.Equal("tooluse_1", toolResult.GetProperty("toolUseId").GetString());
        Assert.Equal("success", toolResult.GetProperty("status").GetString());
        Assert.Equal("sunny in Paris", toolResult.GetProperty("content")[0].GetProperty("text").GetString());
        var toolConfig = second.GetProperty("toolConfig");
        Assert.Equal("get_weather", toolConfig.GetProperty("tools")[0].GetProperty("toolSpec").GetProperty("name").GetString());
        Assert.True(toolConfig.GetProperty("toolChoice").TryGetProperty("auto", out _));
    }

    [Fact]
    public async Task GetResponse_RequiredToolModes_MapToAnyAndTool()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Text("a"), FakeReply.Text("b"));
        using var host = BedrockClientFactory.CreateHost(Server, model);
        AITool[] tools = [AIFunctionFactory.Create(() => "x", "route"), AIFunctionFactory.Create(() => "y", "other")];

        await host.ChatClient().GetResponseAsync("Hi", new ChatOptions { Tools = tools, ToolMode = ChatToolMode.RequireAny }).WaitAsync(Timeout);
        await host.ChatClient().GetResponseAsync("Hi", new ChatOptions { Tools = tools, ToolMode = ChatToolMode.RequireSpecific("route") }).WaitAsync(Timeout);

        var requests = Server.RequestsFor(model);
        Assert.True(requests[0].Body.GetProperty("toolConfig").GetProperty("toolChoice").TryGetProperty("any", out _));
        Assert.Equal("route", requests[1].Body.GetProperty("toolConfig").GetProperty("toolChoice").GetProperty("tool").GetProperty("name").GetString());
    }

    [Fact]
    public async Task GetResponse_ImageAndDocument_SendsConverseBlocks()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Text("Seen."));
        using var host = BedrockClientFactory.CreateHost(Server, model);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
        byte[] pdf = "%PDF-1.4 fake"u8.ToArray();

        await host.ChatClient().GetResponseAsync(new ChatMessage(ChatRole.User,
        [
            new TextContent("Describe these."),
            new DataContent(png, "image/png"),
            new DataContent(pdf, "application/pdf") { Name = "Q3 report.pdf" },
        ])).WaitAsync(Timeout);

        var content = Server.RequestsFor(model)[0].Body.GetProperty("messages")[0].GetProperty("content");
        var image = content[1].GetProperty("image");
        Assert.Equal("png", image.GetProperty("format").GetString());
        Assert.Equal(png, image.GetProperty("source").GetProperty("bytes").GetBytesFromBase64());
        var document = content[2].GetProperty("document");
        Assert.Equal(("pdf", "Q3 report-pdf"), (document.GetProperty("format").GetString(), document.GetProperty("name").GetString()));
        Assert.Equal(pdf, document.GetProperty("source").GetProperty("bytes").GetBytesFromBase64());
    }

    [Fact]
    public async Task GetResponse_InferenceProfileArn_IsPercentEncodedAndSignedDoubleEncoded()
    {
        var model = $"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.{Guid.NewGuid():N}-v1:0";
        Server.Script(model, FakeReply.Text("ok"));
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var response = await host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout);

        Assert.Equal("ok", response.Text);
        var request = Assert.Single(Server.RequestsFor(model));
        Assert.StartsWith("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.", request.RawPath, StringComparison.Ordinal);
        Assert.DoesNotContain(':', request.RawPath);
    }

    [Fact]
    public async Task GetResponse_ThrottledThenUnavailable_RetriesUntilSuccess()
    {
        var model = NewModelId();
        Server.Script(model,
            FakeReply.Error(429, "ThrottlingException", "Too many requests, please wait before trying again."),
            FakeReply.Error(503, "ServiceUnavailableException", "Bedrock is unable to process your request."),
            FakeReply.Text("Finally."));
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var response = await host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout);

        Assert.Equal("Finally.", response.Text);
        Assert.Equal(3, Server.RequestsFor(model).Count);
    }

    [Fact]
    public async Task GetResponse_RetryWhileHttpClientIsTraced_IsStillValidlySigned()
    {
        // With tracing on (as in every service), HttpClient writes a fresh traceparent on each attempt,
        // below the signing handler: a retry must not have signed the previous attempt's header.
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) => System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var model = NewModelId();
        Server.Script(model,
            FakeReply.Error(429, "ThrottlingException", "Too many requests, please wait before trying again."),
            FakeReply.Text("Signed twice."));
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var response = await host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout);

        Assert.Equal("Signed twice.", response.Text);
        Assert.Equal(2, Server.RequestsFor(model).Count);
    }

    [Fact]
    public async Task GetResponse_PersistentThrottling_GivesUpAfterTheConfiguredRetriesOnly()
    {
        // Three retries means four attempts; more would show the service defaults' standard
        // resilience handler still wrapped around the model client's own retry.
        var model = NewModelId();
        Server.Script(model, Enumerable.Range(0, 20)
            .Select(_ => FakeReply.Error(429, "ThrottlingException", "Too many requests, please wait before trying again."))
            .ToArray());
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var error = await Assert.ThrowsAsync<BedrockException>(() => host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout));

        Assert.Equal("ThrottlingException", error.ErrorType);
        Assert.Contains("lower the request rate", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, Server.RequestsFor(model).Count);
    }

    [Fact]
    public async Task GetResponse_CancelledToken_ThrowsOperationCanceled()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Text("never"));
        using var host = BedrockClientFactory.CreateHost(Server, model);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.ChatClient().GetResponseAsync("Hi", cancellationToken: cts.Token).WaitAsync(Timeout));

        Assert.Empty(Server.RequestsFor(model));
    }

    [Fact]
    public async Task GetResponse_ValidationError_IsNotRetriedAndNamesTheProblem()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Error(400, "ValidationException", "The provided model identifier is invalid."), FakeReply.Text("never"));
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var error = await Assert.ThrowsAsync<BedrockException>(() => host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout));

        Assert.Equal("ValidationException", error.ErrorType);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("The provided model identifier is invalid.", error.Message, StringComparison.Ordinal);
        Assert.Single(Server.RequestsFor(model));
    }

    [Fact]
    public async Task GetResponse_AccessDenied_IsNotRetriedAndSaysWhichPermission()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Error(403, "AccessDeniedException", "You don't have access to the model with the specified model ID."));
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var error = await Assert.ThrowsAsync<BedrockException>(() => host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout));

        Assert.Equal("AccessDeniedException", error.ErrorType);
        Assert.Contains("bedrock:InvokeModel", error.Message, StringComparison.Ordinal);
        Assert.Single(Server.RequestsFor(model));
    }

    [Fact]
    public async Task GetResponse_WrongSecretKey_IsRejectedByTheSignatureCheck()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Text("never"));
        using var host = BedrockClientFactory.CreateHost(Server, model, new BasicAWSCredentials(FakeBedrockServer.AccessKey, "not-the-secret"));

        var error = await Assert.ThrowsAsync<BedrockException>(() => host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout));

        Assert.Equal("InvalidSignatureException", error.ErrorType);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Empty(Server.RequestsFor(model));
    }

    [Fact]
    public async Task GetResponse_ConversationStartingWithAssistant_SurfacesTheValidationMessage()
    {
        var model = NewModelId();
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var error = await Assert.ThrowsAsync<BedrockException>(() =>
            host.ChatClient().GetResponseAsync([new ChatMessage(ChatRole.Assistant, "Hello!")]).WaitAsync(Timeout));

        Assert.Contains("must start with a user message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponse_TextDeltas_AssembleTextFinishReasonAndUsage()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Stream(
            EventStreamEncoder.Event("messageStart", """{"role":"assistant"}"""),
            EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Hel"}}"""),
            EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"lo, world"}}"""),
            EventStreamEncoder.Event("contentBlockStop", """{"contentBlockIndex":0}"""),
            EventStreamEncoder.Event("messageStop", """{"stopReason":"max_tokens"}"""),
            EventStreamEncoder.Event("metadata", """{"usage":{"inputTokens":4,"outputTokens":3,"totalTokens":7,"cacheReadInputTokens":2},"metrics":{"latencyMs":9}}""")));
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var updates = await host.ChatClient().GetStreamingResponseAsync("Hi").ToListAsync().AsTask().WaitAsync(Timeout);
        var response = updates.ToChatResponse();

        Assert.Equal(["Hel", "lo, world"], updates.Where(u => u.Text.Length > 0).Select(u => u.Text));
        Assert.Equal("Hello, world", response.Text);
        Assert.Equal(ChatFinishReason.Length, response.FinishReason);
        Assert.Equal((4L, 3L, 2L), (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.CachedInputTokenCount));
        Assert.Equal("converse-stream", Server.RequestsFor(model)[0].Operation);
    }

    [Fact]
    public async Task GetStreamingResponse_ToolUseUnderFunctionInvocation_AssemblesOneCallAndCompletes()
    {
        var model = NewModelId();
        Server.Script(model,
            FakeReply.Stream(
                EventStreamEncoder.Event("messageStart", """{"role":"assistant"}"""),
                EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Checking."}}"""),
                EventStreamEncoder.Event("contentBlockStop", """{"contentBlockIndex":0}"""),
                EventStreamEncoder.Event("contentBlockStart", """{"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_s1","name":"get_weather"}}}"""),
                EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"ci"}}}"""),
                EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":1,"delta":{"toolUse":{"input":"ty\": \"Oslo\"}"}}}"""),
                EventStreamEncoder.Event("contentBlockStop", """{"contentBlockIndex":1}"""),
                EventStreamEncoder.Event("messageStop", """{"stopReason":"tool_use"}""")),
            FakeReply.Stream(
                EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"Snow in Oslo."}}"""),
                EventStreamEncoder.Event("messageStop", """{"stopReason":"end_turn"}""")));
        using var host = BedrockClientFactory.CreateHost(Server, model);
        var cities = new List<string>();
        var tool = AIFunctionFactory.Create((string city) => { cities.Add(city); return "snow"; }, "get_weather");
        using var client = new ChatClientBuilder(host.ChatClient()).UseFunctionInvocation().Build();

        var updates = await client.GetStreamingResponseAsync("Weather in Oslo?", new ChatOptions { Tools = [tool] }).ToListAsync().AsTask().WaitAsync(Timeout);

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Equal(("tooluse_s1", "get_weather"), (call.CallId, call.Name));
        Assert.Equal(["Oslo"], cities);
        Assert.EndsWith("Snow in Oslo.", updates.ToChatResponse().Text, StringComparison.Ordinal);
        var secondBody = Server.RequestsFor(model)[1].Body;
        Assert.Equal("Oslo", secondBody.GetProperty("messages")[1].GetProperty("content")[1].GetProperty("toolUse").GetProperty("input").GetProperty("city").GetString());
    }

    [Fact]
    public async Task GetStreamingResponse_CorruptedFrame_ThrowsNamingTheCrc()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.CorruptStream(1,
            EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"fine"}}"""),
            EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"damaged"}}"""),
            EventStreamEncoder.Event("messageStop", """{"stopReason":"end_turn"}""")));
        using var host = BedrockClientFactory.CreateHost(Server, model);
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var update in host.ChatClient().GetStreamingResponseAsync("Hi").WithCancellation(CancellationToken.None))
            {
                received.Add(update.Text);
            }
        }).WaitAsync(Timeout);

        Assert.Equal(["fine"], received);
        Assert.Contains("frame 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("message CRC", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponse_EndsBeforeMessageStop_ThrowsIncomplete()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Stream(
            EventStreamEncoder.Event("messageStart", """{"role":"assistant"}"""),
            EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"half an ans"}}""")));
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() =>
            host.ChatClient().GetStreamingResponseAsync("Hi").ToListAsync().AsTask().WaitAsync(Timeout));

        Assert.Contains("ended before its messageStop", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponse_ExceptionEvent_ThrowsBedrockException()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Stream(
            EventStreamEncoder.Event("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"par"}}"""),
            EventStreamEncoder.Exception("modelStreamErrorException", "The model stopped unexpectedly.")));
        using var host = BedrockClientFactory.CreateHost(Server, model);

        var error = await Assert.ThrowsAsync<BedrockException>(() =>
            host.ChatClient().GetStreamingResponseAsync("Hi").ToListAsync().AsTask().WaitAsync(Timeout));

        Assert.Equal("ModelStreamErrorException", error.ErrorType);
        Assert.Contains("The model stopped unexpectedly.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetStreamingResponse_CancelledMidStream_StopsWithCancellation()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Stream(Enumerable.Range(0, 200)
            .Select(i => EventStreamEncoder.Event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"t" + i + " \"}}"))
            .ToArray()));
        using var host = BedrockClientFactory.CreateHost(Server, model);
        using var cts = new CancellationTokenSource();
        var count = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in host.ChatClient().GetStreamingResponseAsync("Hi", cancellationToken: cts.Token))
            {
                if (++count == 2)
                {
                    await cts.CancelAsync();
                }
            }
        }).WaitAsync(Timeout);

        Assert.True(count < 200, $"received {count} updates after cancelling");
    }

    [Fact]
    public async Task GetResponse_Telemetry_FollowsGenAiSemanticConventions()
    {
        var model = NewModelId();
        Server.Script(model, FakeReply.Text("traced", inputTokens: 13, outputTokens: 8));
        using var host = BedrockClientFactory.CreateHost(Server, model);
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TelemetryNames.AI,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (activities) { activities.Add(activity); } },
        };
        ActivitySource.AddActivityListener(listener);

        await host.ChatClient().GetResponseAsync("Hi").WaitAsync(Timeout);

        Activity span;
        lock (activities)
        {
            span = Assert.Single(activities, a => Equals(a.GetTagItem("gen_ai.request.model"), model));
        }

        Assert.Equal("chat", span.GetTagItem("gen_ai.operation.name"));
        Assert.Equal("aws.bedrock", span.GetTagItem("gen_ai.provider.name"));
        Assert.Equal(13, Convert.ToInt32(span.GetTagItem("gen_ai.usage.input_tokens"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(8, Convert.ToInt32(span.GetTagItem("gen_ai.usage.output_tokens"), System.Globalization.CultureInfo.InvariantCulture));
    }
}
