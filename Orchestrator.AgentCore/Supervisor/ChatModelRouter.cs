using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Orchestrator.AgentCore.Supervisor;

/// <summary>
/// The generative router: the model must call the <c>route</c> tool (forced tool choice) with
/// <c>{route, confidence, reason}</c>; anything else is a routing failure, not a guess.
/// </summary>
public sealed class ChatModelRouter(IChatClient chat) : IRouter
{
    public const string ToolName = "route";

    private static readonly AIFunctionDeclaration RouteTool = AIFunctionFactory.CreateDeclaration(
        ToolName,
        "Choose the agent that should answer the user's latest message.",
        JsonDocument.Parse(
            $$"""
            {
              "type": "object",
              "properties": {
                "route": { "type": "string", "enum": ["{{AgentRoutes.Analyst}}", "{{AgentRoutes.Search}}", "{{AgentRoutes.General}}"] },
                "confidence": { "type": "number", "minimum": 0, "maximum": 1 },
                "reason": { "type": "string" }
              },
              "required": ["route", "confidence", "reason"]
            }
            """).RootElement);

    private static readonly string SystemPrompt =
        "You are the supervisor of a team of agents. Route the user's latest message to exactly one agent by calling the route tool.\n"
        + string.Join('\n', AgentRoutes.Descriptions.Select(d => $"- {d.Key}: {d.Value}"))
        + "\nGive a confidence below 0.5 when the message is too ambiguous to route.";

    /// <inheritdoc />
    public async Task<RouteDecision> RouteAsync(RoutingInput turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        List<ChatMessage> messages = [new(ChatRole.System, SystemPrompt)];
        messages.AddRange(turn.History.Select(m => new ChatMessage(m.Role == "user" ? ChatRole.User : ChatRole.Assistant, m.Content)));
        messages.Add(new ChatMessage(ChatRole.User, turn.Question));
        var response = await chat.GetResponseAsync(messages, new ChatOptions
        {
            Tools = [RouteTool],
            ToolMode = ChatToolMode.RequireSpecific(ToolName),
            Temperature = 0,
        }, cancellationToken);

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault(c => c.Name == ToolName)
            ?? throw new RoutingException("The model did not call the route tool.");
        var arguments = call.Arguments ?? new Dictionary<string, object?>();
        var route = Text(arguments, "route");
        if (route is null || !AgentRoutes.Descriptions.ContainsKey(route))
        {
            throw new RoutingException($"The model chose an unknown route '{route}'.");
        }

        var confidence = Number(arguments, "confidence") ?? throw new RoutingException("The route tool call has no numeric confidence.");
        return new RouteDecision(route, Math.Clamp(confidence, 0, 1), Text(arguments, "reason") ?? "");
    }

    private static string? Text(IDictionary<string, object?> arguments, string name) =>
        arguments.TryGetValue(name, out var value) ? value switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            _ => null,
        } : null;

    private static double? Number(IDictionary<string, object?> arguments, string name) =>
        arguments.TryGetValue(name, out var value) ? value switch
        {
            double d => d,
            float f => f,
            int i => i,
            long l => l,
            decimal m => (double)m,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
            _ => null,
        } : null;
}

/// <summary>The supervisor could not decide a route (an upstream model misbehaved).</summary>
public sealed class RoutingException(string message) : Exception(message);
