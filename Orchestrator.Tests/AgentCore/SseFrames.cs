using System.Text.Json.Nodes;

namespace Orchestrator.Tests.AgentCore;

/// <summary>Parses an SSE body strictly: every frame is exactly one <c>data: </c> line followed by a blank line.</summary>
public static class SseFrames
{
    public static async Task<IReadOnlyList<string>> ReadDataAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        var frames = body[..^2].Split("\n\n");
        foreach (var frame in frames)
        {
            Assert.StartsWith("data: ", frame, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', frame);
        }

        return [.. frames.Select(f => f["data: ".Length..])];
    }

    public static async Task<IReadOnlyList<JsonObject>> ReadJsonAsync(HttpResponseMessage response) =>
        [.. (await ReadDataAsync(response)).Select(d => JsonNode.Parse(d)!.AsObject())];
}
