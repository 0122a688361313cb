using System.Text;
using System.Text.Json;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>The synthesized templates broke a CloudFormation or cdk-nag rule that nobody acknowledged.</summary>
public sealed class AwsValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsValidationException()
    {
    }

    /// <summary>Creates the exception with the findings.</summary>
    public AwsValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with the findings and the jsii error.</summary>
    public AwsValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>One line per violation of a CDK validation report: rule, construct paths, description.</summary>
    public static string Describe(string reportJson)
    {
        var text = new StringBuilder("The AWS templates failed validation:");
        using var report = JsonDocument.Parse(reportJson);
        foreach (var plugin in report.RootElement.GetProperty("pluginReports").EnumerateArray())
        {
            foreach (var violation in plugin.GetProperty("violations").EnumerateArray())
            {
                var rule = violation.GetProperty("ruleName").GetString();
                var description = violation.TryGetProperty("description", out var d) ? d.GetString() : string.Empty;
                var paths = violation.GetProperty("violatingConstructs").EnumerateArray()
                    .Select(c => c.TryGetProperty("constructPath", out var path) ? path.GetString() : c.GetProperty("resourceLogicalId").GetString());
                text.Append('\n').Append(rule).Append(" at ").Append(string.Join(", ", paths)).Append(": ").Append(description);
            }
        }

        return text.ToString();
    }
}
