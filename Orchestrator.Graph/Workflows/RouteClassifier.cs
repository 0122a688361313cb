using System.ComponentModel;
using Microsoft.Extensions.AI;
using Orchestrator.AI.Prompts;

namespace Orchestrator.Graph.Workflows;

/// <summary>A routing decision: which agent answers, how sure the router is, and why.</summary>
public sealed record RouteChoice(string Route, double Confidence, string Reason);

/// <summary>
/// Decides the route when the caller did not: with a generative model by a forced <c>route</c> tool
/// call; offline by the similarity of the question's embedding to each route's description.
/// </summary>
public sealed class RouteClassifier(
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IPromptCatalog prompts,
    IChatClient? chat = null)
{
    public const string Analyst = "analyst";
    public const string Search = "search";
    public const string General = "general";

    // Several phrasings per route: the nearest one wins, which is steadier than one long description.
    private static readonly (string Route, string Text)[] Descriptions =
    [
        (Analyst, "How much revenue, how many orders, customers or units? Totals, averages, trends by month or year."),
        (Analyst, "Top products, best customers, revenue by region or category, return rates, refunds, discounts."),
        (Search, "How do I return an item? What is the refund, warranty, shipping or privacy policy?"),
        (Search, "Help article: how to reset my password, change my order, track a delivery, contact support."),
        (General, "Hello, thanks, who are you and what can you do?"),
    ];

    private readonly Lazy<Task<float[][]>> _descriptionVectors = new(async () =>
    {
        var generated = await embeddings.GenerateAsync(Descriptions.Select(d => d.Text));
        return [.. generated.Select(e => e.Vector.ToArray())];
    });

    public async Task<RouteChoice> ClassifyAsync(string question, float[]? questionEmbedding, CancellationToken cancellationToken)
    {
        return chat is not null
            ? await ClassifyWithModelAsync(chat, question, cancellationToken)
            : await ClassifyOfflineAsync(question, questionEmbedding, cancellationToken);
    }

    private async Task<RouteChoice> ClassifyOfflineAsync(string question, float[]? questionEmbedding, CancellationToken cancellationToken)
    {
        var vector = questionEmbedding ?? (await embeddings.GenerateAsync([question], cancellationToken: cancellationToken))[0].Vector.ToArray();
        var descriptions = await _descriptionVectors.Value;
        var scores = descriptions.Select((d, i) => (Descriptions[i].Route, Score: Cosine(vector, d))).ToList();
        var best = scores.MaxBy(s => s.Score);
        var runnerUp = scores.Where(s => s.Route != best.Route).Max(s => s.Score);
        // Confidence is the margin over the best other route, scaled so a clear winner is near 1.
        var confidence = Math.Clamp((best.Score - runnerUp) * 10 + 0.5, 0, 1);
        return new RouteChoice(best.Route, confidence, $"nearest description (similarity {best.Score:F2}, next {runnerUp:F2})");
    }

    private static float Cosine(float[] a, float[] b)
    {
        float dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }

        return dot / (MathF.Sqrt(normA) * MathF.Sqrt(normB) + 1e-9f);
    }

    private async Task<RouteChoice> ClassifyWithModelAsync(IChatClient client, string question, CancellationToken cancellationToken)
    {
        RouteChoice? choice = null;
        var tool = AIFunctionFactory.Create(
            ([Description("analyst, search or general")] string route, [Description("0 to 1")] double confidence, string reason) =>
            {
                choice = new RouteChoice(route is Analyst or Search or General ? route : General, Math.Clamp(confidence, 0, 1), reason);
                return "ok";
            },
            "route",
            "Routes the question to one agent.");
        var system = (await prompts.GetAsync("supervisor", cancellationToken)).Text;
        var response = await client.GetResponseAsync(
            [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, question)],
            new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.RequireSpecific("route") },
            cancellationToken);
        foreach (var call in response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Where(c => c.Name == "route"))
        {
            await tool.InvokeAsync(new AIFunctionArguments(call.Arguments), cancellationToken);
        }

        return choice ?? new RouteChoice(General, 0, "the model did not call the route tool");
    }
}
