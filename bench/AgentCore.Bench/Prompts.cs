namespace AgentCore.Bench;

/// <summary>Distinct analyst-style questions, so no answer cache could serve the run.</summary>
internal static class Prompts
{
    private static readonly string[] Metrics = ["revenue", "net revenue", "order count", "average order value", "units sold", "discount total"];
    private static readonly string[] Slices = ["by region", "by product category", "by customer segment", "by month", "for the top customers", "in the warehouse"];
    private static readonly string[] Openers = ["How much", "What is the", "Show me the", "Tell me the", "Give me the", "What was the"];

    public static IReadOnlyList<string> Distinct(int count)
    {
        var prompts = new List<string>(count);
        for (var i = 0; prompts.Count < count; i++)
        {
            var opener = Openers[i % Openers.Length];
            var metric = Metrics[i / Openers.Length % Metrics.Length];
            var slice = Slices[i / (Openers.Length * Metrics.Length) % Slices.Length];
            prompts.Add($"{opener} {metric} {slice} in {2015 + (i / (Openers.Length * Metrics.Length * Slices.Length))}? (#{i})");
        }

        return prompts;
    }
}
