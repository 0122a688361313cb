using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.AI;
using Orchestrator.AI.Bedrock;
using Orchestrator.Tests.AI.Fakes;

namespace AI.Bench;

/// <summary>
/// Per-call cost of the Bedrock chat client (request writing, SigV4 with AWSSDK.Core, retry pipeline,
/// telemetry, logging, response parsing) against a bare HttpClient POST of the same body to the same
/// fake, signed by the minimal signer the fake itself verifies with.
/// </summary>
internal static class ClientOverheadBenchmark
{
    private const string Model = "anthropic.claude-bench-v1:0";

    public static async Task RunAsync(int calls)
    {
        await using var server = await FakeBedrockServer.StartAsync();
        server.ScriptStanding(Model, FakeReply.Text("Total sales in March were 1,234,567."));
        using var host = BedrockClientFactory.CreateHost(server, Model);
        var client = host.ChatClient();
        ChatMessage[] messages = [new(ChatRole.System, "You answer business questions."), new(ChatRole.User, "What were total sales in March?")];
        var body = ConverseRequestWriter.Write(messages, null);
        using var raw = new HttpClient { BaseAddress = server.Endpoint };
        var path = "/" + BedrockChatClient.OperationPath(Model, "converse");

        Task ClientCallAsync() => client.GetResponseAsync(messages);
        async Task RawCallAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/')) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var host = server.Endpoint.Authority;
            var canonical = SigV4Verifier.CanonicalRequest("POST", path, "", [new("host", host), new("x-amz-date", amzDate)], SigV4Verifier.Sha256Hex(body));
            var signature = SigV4Verifier.Signature(FakeBedrockServer.SecretKey, amzDate, FakeBedrockServer.Region, "bedrock", canonical);
            request.Headers.TryAddWithoutValidation("x-amz-date", amzDate);
            request.Headers.TryAddWithoutValidation("Authorization",
                $"{SigV4Verifier.Algorithm} Credential={FakeBedrockServer.AccessKey}/{amzDate[..8]}/{FakeBedrockServer.Region}/bedrock/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}");
            using var response = await raw.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }

        // Time-based warm-up, so tiered compilation has promoted the hot paths on both sides.
        var warmUntil = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < warmUntil)
        {
            await RawCallAsync();
            await ClientCallAsync();
        }

        var rawTimes = new List<double>(calls);
        var clientTimes = new List<double>(calls);
        const int Rounds = 10;
        for (var round = 0; round < Rounds; round++)
        {
            // Alternate which side goes first so drift on a shared machine hits both equally.
            for (var i = 0; i < calls / Rounds; i++)
            {
                if ((round + i) % 2 == 0)
                {
                    rawTimes.Add(await Measure.MicrosecondsAsync(RawCallAsync));
                    clientTimes.Add(await Measure.MicrosecondsAsync(ClientCallAsync));
                }
                else
                {
                    clientTimes.Add(await Measure.MicrosecondsAsync(ClientCallAsync));
                    rawTimes.Add(await Measure.MicrosecondsAsync(RawCallAsync));
                }
            }
        }

        var rawMedian = Measure.Median(rawTimes);
        var clientMedian = Measure.Median(clientTimes);
        Console.WriteLine($"Converse round trip against the fake, {rawTimes.Count} calls each (µs per call):");
        Console.WriteLine($"  baseline  raw HttpClient POST + minimal SigV4   median {rawMedian,8:F0}   p90 {Measure.Percentile(rawTimes, 0.9),8:F0}");
        Console.WriteLine($"  client    IChatClient (Bedrock, full pipeline) median {clientMedian,8:F0}   p90 {Measure.Percentile(clientTimes, 0.9),8:F0}");
        Console.WriteLine($"  ratio client/baseline {clientMedian / rawMedian:F2}   overhead per call {clientMedian - rawMedian:F0} µs");
        await SigningAloneAsync(server, body, path, calls);
    }

    // How much of the overhead is the AWSSDK.Core signer itself, compared with the minimal signer.
    private static async Task SigningAloneAsync(FakeBedrockServer server, byte[] body, string path, int calls)
    {
        var credentials = new Amazon.Runtime.BasicAWSCredentials(FakeBedrockServer.AccessKey, FakeBedrockServer.SecretKey);
        var region = Amazon.RegionEndpoint.GetBySystemName(FakeBedrockServer.Region);
        var uri = new Uri(server.Endpoint, path.TrimStart('/'));
        async Task SdkAsync()
        {
            var request = new Amazon.Runtime.Signing.AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = body };
            request.Headers["Content-Type"] = "application/json";
            await Amazon.Runtime.Signing.AWSSigV4Signer.SignAsync(request,
                new Amazon.Runtime.Signing.AWSSigV4Parameters { Credentials = credentials, Region = region, Service = "bedrock" });
        }

        Task MinimalAsync()
        {
            var amzDate = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var canonical = SigV4Verifier.CanonicalRequest("POST", path, "", [new("host", uri.Authority), new("x-amz-date", amzDate)], SigV4Verifier.Sha256Hex(body));
            GC.KeepAlive(SigV4Verifier.Signature(FakeBedrockServer.SecretKey, amzDate, FakeBedrockServer.Region, "bedrock", canonical));
            return Task.CompletedTask;
        }

        var warmUntil = DateTime.UtcNow.AddSeconds(2);
        while (DateTime.UtcNow < warmUntil)
        {
            await SdkAsync();
            await MinimalAsync();
        }

        var sdk = new List<double>(calls);
        var minimal = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            sdk.Add(await Measure.MicrosecondsAsync(SdkAsync));
            minimal.Add(await Measure.MicrosecondsAsync(MinimalAsync));
        }

        Console.WriteLine($"  signing alone: AWSSDK.Core AWSSigV4Signer median {Measure.Median(sdk):F1} µs, minimal signer {Measure.Median(minimal):F1} µs");
    }
}
