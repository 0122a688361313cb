using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// Adds the cost of a model call to its span when the model has a price: <c>gen_ai.usage.cost</c> (total, USD) and
/// Langfuse's <c>langfuse.observation.cost_details</c> (<c>{"input":…,"output":…,"total":…}</c>), from the call's
/// <c>gen_ai.usage.input_tokens</c> and <c>gen_ai.usage.output_tokens</c>.
/// </summary>
/// <remarks>Spans of models without a price are left alone: Langfuse may still price them from its own table.</remarks>
public sealed class ModelCostProcessor(IReadOnlyList<ModelPrice> prices) : BaseProcessor<Activity>
{
    public const string CostAttribute = "gen_ai.usage.cost";
    public const string CostDetailsAttribute = "langfuse.observation.cost_details";

    private readonly Dictionary<string, ModelPrice> _prices = prices.ToDictionary(p => p.Model, StringComparer.OrdinalIgnoreCase);

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (_prices.Count == 0 || Price(data) is not { } price)
        {
            return;
        }

        var (input, output) = (Tokens(data, "gen_ai.usage.input_tokens"), Tokens(data, "gen_ai.usage.output_tokens"));
        if (input is null && output is null)
        {
            return;
        }

        var inputCost = (input ?? 0) * price.InputPerMillion / 1_000_000m;
        var outputCost = (output ?? 0) * price.OutputPerMillion / 1_000_000m;
        var total = inputCost + outputCost;
        data.SetTag(CostAttribute, (double)total);
        data.SetTag(CostDetailsAttribute, string.Create(CultureInfo.InvariantCulture, $$"""{"input":{{inputCost}},"output":{{outputCost}},"total":{{total}}}"""));
    }

    private ModelPrice? Price(Activity span) =>
        (span.GetTagItem("gen_ai.response.model") as string is { } response && _prices.TryGetValue(response, out var byResponse) ? byResponse : null)
        ?? (span.GetTagItem("gen_ai.request.model") as string is { } request && _prices.TryGetValue(request, out var byRequest) ? byRequest : null);

    private static long? Tokens(Activity span, string key) => span.GetTagItem(key) switch
    {
        int value => value,
        long value => value,
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };
}
