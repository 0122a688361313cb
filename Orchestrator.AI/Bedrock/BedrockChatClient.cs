using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Orchestrator.AI.Bedrock.EventStream;
using Orchestrator.AI.Telemetry;

namespace Orchestrator.AI.Bedrock;

/// <summary>
/// An <see cref="IChatClient"/> over Amazon Bedrock's Converse and ConverseStream HTTP APIs.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> it is given does the signing and the retries (see
/// <see cref="ChatModelExtensions.AddChatModel"/>); this class only speaks the protocol. The model id
/// goes into the path percent-encoded, so an inference-profile ARN's ':' and '/' travel as
/// <c>%3A</c> and <c>%2F</c>.
/// </remarks>
internal sealed class BedrockChatClient : IChatClient
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");
    private static readonly MediaTypeWithQualityHeaderValue AcceptEventStream = new("application/vnd.amazon.eventstream");

    private readonly HttpClient _http;
    private readonly string _modelId;
    private readonly ChatClientMetadata _metadata;

    public BedrockChatClient(HttpClient http, Uri endpoint, string modelId)
    {
        _http = http;
        _modelId = modelId;
        _http.BaseAddress = endpoint;
        _metadata = new ChatClientMetadata(GenAiProviderNames.Bedrock, endpoint, modelId);
    }

    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var modelId = options?.ModelId ?? _modelId;
        using var response = await SendAsync(modelId, streaming: false, messages, options, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        return ConverseResponseReader.Read(document.RootElement, modelId, RequestId(response));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var modelId = options?.ModelId ?? _modelId;
        using var response = await SendAsync(modelId, streaming: true, messages, options, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var reader = new EventStreamReader(body);
        var assembler = new ConverseStreamAssembler(modelId, RequestId(response));
        while (await reader.ReadAsync(cancellationToken) is { } message)
        {
            if (assembler.Handle(message) is { } update)
            {
                yield return update;
            }
        }

        // A stream cut at a frame boundary decodes cleanly, so completeness is checked explicitly.
        if (!assembler.Stopped)
        {
            throw new InvalidDataException(
                $"Bedrock's ConverseStream for model '{modelId}' ended before its messageStop event; the answer is incomplete.");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The path of a Converse operation; the model id is one percent-encoded path segment.</summary>
    internal static string OperationPath(string modelId, string operation) =>
        $"model/{Uri.EscapeDataString(modelId)}/{operation}";

    /// <summary>Sends Converse or ConverseStream and returns the successful response, else throws Bedrock's error.</summary>
    private async Task<HttpResponseMessage> SendAsync(
        string modelId, bool streaming, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(ConverseRequestWriter.Write(messages, options));
        content.Headers.ContentType = JsonMediaType;
        var path = OperationPath(modelId, streaming ? "converse-stream" : "converse");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.Accept.Add(streaming ? AcceptEventStream : AcceptJson);

        // A stream is handed over as soon as its headers arrive; a buffered answer is read in full here.
        var response = await _http.SendAsync(
            request, streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await BedrockErrors.ReadAsync(response, modelId, cancellationToken);
        }
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var values) ? values.FirstOrDefault() : null;
}
