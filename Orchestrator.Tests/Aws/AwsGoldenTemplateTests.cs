using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orchestrator.Tests.Aws;

/// <summary>
/// The dev templates against checked-in copies, so a change to the infrastructure shows in review.
/// Regenerate with <c>AWS_GOLDEN_UPDATE=1 dotnet test --filter AwsGoldenTemplateTests</c>.
/// </summary>
[Collection(AwsCdkTestGroup.Name)]
public sealed partial class AwsGoldenTemplateTests(AwsDevPublishFixture fixture) : IClassFixture<AwsDevPublishFixture>
{
    private static string GoldenDirectory => Path.Combine(AwsTestModel.RepositoryRoot, "Orchestrator.Tests", "Aws", "Golden");

    [Theory]
    [InlineData("multi-agent-orchestrator-dev-registry")]
    [InlineData("multi-agent-orchestrator-dev-app")]
    public void Template_Dev_MatchesGolden(string stack)
    {
        var actual = Normalise(fixture.Result.Synthesis.Templates[stack]);
        var path = Path.Combine(GoldenDirectory, $"{stack}.json");
        if (Environment.GetEnvironmentVariable("AWS_GOLDEN_UPDATE") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"No golden file {path}; run with AWS_GOLDEN_UPDATE=1.");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    /// <summary>Sorted keys, and the 8-hex-digit hashes CDK appends to logical ids replaced by <c>#</c>.</summary>
    private static string Normalise(string template)
    {
        var sorted = Sort(JsonNode.Parse(template)!);
        var text = sorted.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return LogicalIdHash().Replace(text, "#") + "\n";
    }

    private static JsonNode Sort(JsonNode node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value is null ? null : Sort(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(i => i is null ? null : Sort(i))]),
        _ => node.DeepClone(),
    };

    // Only at the end of a quoted identifier, so numbers (e.g. 2147483648 bytes) stay as they are.
    [GeneratedRegex("(?<=\"[A-Za-z0-9]*[a-z0-9])[0-9A-F]{8}(?=\")")]
    private static partial Regex LogicalIdHash();
}
