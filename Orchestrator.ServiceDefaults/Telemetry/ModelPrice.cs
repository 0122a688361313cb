using System.ComponentModel.DataAnnotations;

namespace Orchestrator.ServiceDefaults.Telemetry;

/// <summary>
/// What a model's tokens cost, in US dollars per million (<c>Orchestrator:Telemetry:ModelPrices:N</c>, a list,
/// because model ids such as Bedrock's contain the <c>:</c> that separates configuration keys).
/// </summary>
public sealed class ModelPrice
{
    public const string SectionName = "Orchestrator:Telemetry:ModelPrices";

    /// <summary>The model id as calls report it in <c>gen_ai.request.model</c> or <c>gen_ai.response.model</c>.</summary>
    [Required(ErrorMessage = "Orchestrator:Telemetry:ModelPrices:N:Model is required.")]
    public string Model { get; set; } = "";

    /// <summary>Dollars per million input (prompt) tokens.</summary>
    [Range(0, 10_000, ErrorMessage = "Orchestrator:Telemetry:ModelPrices:N:InputPerMillion must be 0-10000.")]
    public decimal InputPerMillion { get; set; }

    /// <summary>Dollars per million output (completion) tokens.</summary>
    [Range(0, 10_000, ErrorMessage = "Orchestrator:Telemetry:ModelPrices:N:OutputPerMillion must be 0-10000.")]
    public decimal OutputPerMillion { get; set; }
}
