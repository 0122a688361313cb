using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using Orchestrator.AI.Configuration;

namespace Orchestrator.AI.OpenAI;

/// <summary>Creates the <see cref="IChatClient"/> for any OpenAI-compatible chat-completions server.</summary>
internal static class OpenAIChatClientFactory
{
    // Local servers (Ollama, vLLM, llama.cpp) ignore the key, but the OpenAI client insists on one.
    private const string PlaceholderKey = "no-key";

    public static IChatClient Create(ChatModelSettings settings, HttpClient http)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = settings.Endpoint,
            Transport = new HttpClientPipelineTransport(http),
            // Retries happen once, in the HttpClient's resilience handler.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        var client = new OpenAIClient(new ApiKeyCredential(settings.Key ?? PlaceholderKey), options);
        return client.GetChatClient(settings.Model).AsIChatClient();
    }
}
