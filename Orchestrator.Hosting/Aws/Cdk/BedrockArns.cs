using Amazon.CDK;

using CdkAws = Amazon.CDK.Aws;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>The Bedrock resource ARNs the task role may invoke, from the configured model and profile ids.</summary>
internal static class BedrockArns
{
    private static readonly string[] GeographyPrefixes = ["us", "eu", "apac", "us-gov", "global", "ca", "jp", "au"];

    public static IEnumerable<string> For(AwsCdkEnvironmentOptions options)
    {
        foreach (var model in options.BedrockModelIds)
        {
            yield return Fn.Join(string.Empty, ["arn:", CdkAws.PARTITION, ":bedrock:", CdkAws.REGION, "::foundation-model/", model]);
        }

        foreach (var profile in options.BedrockInferenceProfileIds)
        {
            yield return Fn.Join(string.Empty, ["arn:", CdkAws.PARTITION, ":bedrock:", CdkAws.REGION, ":", CdkAws.ACCOUNT_ID, ":inference-profile/", profile]);
            yield return Fn.Join(string.Empty, ["arn:", CdkAws.PARTITION, ":bedrock:*::foundation-model/", ModelOf(profile)]);
        }
    }

    /// <summary>The foundation models behind the configured inference profiles.</summary>
    public static IEnumerable<string> CrossRegionModels(AwsCdkEnvironmentOptions options) =>
        options.BedrockInferenceProfileIds.Select(ModelOf).Distinct(StringComparer.Ordinal);

    private static string ModelOf(string profile)
    {
        var dot = profile.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && GeographyPrefixes.Contains(profile[..dot]) ? profile[(dot + 1)..] : profile;
    }
}
