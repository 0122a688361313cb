using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Orchestrator.ServiceDefaults.Telemetry;

namespace Orchestrator.AI.Prompts;

/// <summary>Langfuse's prompt API: <c>GET /api/public/v2/prompts/{name}?label=…</c>.</summary>
/// <remarks>Takes the factory, not a client, because the prompt catalog that uses it is a singleton.</remarks>
public sealed class LangfusePromptClient(IHttpClientFactory httpClients, LangfuseConnection connection)
{
    public const string HttpClientName = "langfuse";

    /// <summary>The prompt at <paramref name="label"/>, or null when Langfuse has no such prompt or label.</summary>
    /// <exception cref="HttpRequestException">Langfuse failed or could not be reached.</exception>
    public async Task<PromptTemplate?> GetAsync(string name, string label, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.Endpoint, $"api/public/v2/prompts/{Uri.EscapeDataString(name)}?label={Uri.EscapeDataString(label)}"));
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(connection.AuthorizationHeaderValue);
        using var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
            ?? throw new HttpRequestException("Langfuse returned an empty prompt.");

        // Text prompts carry a string; chat prompts a message list, which we flatten to its text.
        var prompt = body["prompt"] is JsonValue value
            ? value.GetValue<string>()
            : string.Join("\n\n", body["prompt"]!.AsArray().Select(m => m?["content"]?.GetValue<string>()));
        return new PromptTemplate(body["name"]!.GetValue<string>(), body["version"]!.GetValue<int>(), prompt, PromptSource.Langfuse);
    }
}
