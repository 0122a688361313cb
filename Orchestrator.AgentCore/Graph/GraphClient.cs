using System.Text.Json.Nodes;

namespace Orchestrator.AgentCore.Graph;

/// <summary>A typed client of the Graph service's LangGraph Server API.</summary>
public sealed class GraphClient(HttpClient http)
{
    /// <summary>The workflow every question goes through.</summary>
    public const string AssistantId = "orchestrator";

    /// <summary>Runs the orchestrator workflow on the session's thread and returns the last AI message.</summary>
    public async Task<string> RunAsync(string threadId, string prompt, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["assistant_id"] = AssistantId,
            ["if_not_exists"] = "create",
            ["input"] = new JsonObject
            {
                ["messages"] = new JsonArray(new JsonObject { ["type"] = "human", ["content"] = prompt }),
            },
        };
        using var response = await http.PostAsJsonAsync($"/threads/{Uri.EscapeDataString(threadId)}/runs/wait", body, cancellationToken);
        response.EnsureSuccessStatusCode();
        var state = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        return state?["messages"]?.AsArray().LastOrDefault(m => m?["type"]?.GetValue<string>() == "ai")?["content"]?.GetValue<string>()
            ?? throw new InvalidOperationException("The graph run finished without an AI message.");
    }
}
