using Microsoft.AspNetCore.Http.HttpResults;

namespace Orchestrator.AgentCore.Apis;

/// <summary>Checks shared by every API that accepts a prompt.</summary>
internal static class PromptRules
{
    /// <summary>A 422 problem for a missing or too long prompt, else null.</summary>
    public static ProblemHttpResult? Check(string? prompt, AgentCoreOptions options)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return TypedResults.Problem("The body needs a non-empty 'prompt'.", statusCode: 422, title: "Missing prompt", type: ProblemTypes.ValidationFailed);
        }

        return prompt.Length > options.MaxPromptCharacters
            ? TypedResults.Problem(
                $"The prompt has {prompt.Length} characters; the limit is {options.MaxPromptCharacters}.",
                statusCode: 422, title: "Prompt too long", type: ProblemTypes.ValidationFailed)
            : null;
    }

    /// <summary>The answer for a session that does not exist for this caller (or belongs to someone else).</summary>
    public static ProblemHttpResult SessionNotFound(string sessionId) =>
        TypedResults.Problem($"No session '{sessionId}' belongs to this caller.", statusCode: 404, title: "Session not found", type: ProblemTypes.NotFound);
}
