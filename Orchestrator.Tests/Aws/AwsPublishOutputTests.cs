using System.Diagnostics;
using Orchestrator.Hosting.Aws.Publishing;

namespace Orchestrator.Tests.Aws;

[Collection(AwsCdkTestGroup.Name)]
public sealed class AwsPublishOutputTests(AwsDevPublishFixture fixture) : IClassFixture<AwsDevPublishFixture>
{
    [Fact]
    public void CostEstimate_DevModel_ComputedFromTasksWithinSeedRange()
    {
        var report = File.ReadAllText(Path.Combine(fixture.OutputDirectory, "cost-estimate.md"));
        Assert.Contains("Region: us-east-1 (assumed: no region configured)", report, StringComparison.Ordinal);
        Assert.Contains("| Fargate: cortex | 3 tasks × (1 vCPU", report, StringComparison.Ordinal);
        Assert.Contains("| NAT gateways | 2 ×", report, StringComparison.Ordinal);
        Assert.Contains("| RDS PostgreSQL db.t4g.medium | 1 ×", report, StringComparison.Ordinal);
        Assert.Contains("## Assumptions", report, StringComparison.Ordinal);

        var lines = AwsCostEstimator.Estimate(fixture.Result.Model);
        var fargate = lines.Where(l => l.Item.StartsWith("Fargate", StringComparison.Ordinal)).Sum(l => l.MonthlyUsd);
        // 7 tasks × (1 vCPU × 0.03238 + 2 GB × 0.00356) × 730 h on ARM64.
        Assert.Equal(7 * (0.03238m + (2 * 0.00356m)) * 730m, fargate);
        var total = lines.Sum(l => l.MonthlyUsd);
        Assert.InRange(total, 152m, 374m);
        Assert.Contains("this estimate is within that range", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployScript_Generated_IsValidBashWithTheSeedSteps()
    {
        var script = Path.Combine(fixture.OutputDirectory, "deploy.sh");
        var text = await File.ReadAllTextAsync(script);
        Assert.Contains("-t:PublishContainer", text, StringComparison.Ordinal);
        Assert.Contains("'-p:ContainerRuntimeIdentifiers=linux-arm64;linux-x64'", text, StringComparison.Ordinal);
        Assert.Contains("--s3-bucket \"$bucket\"", text, StringComparison.Ordinal);
        Assert.Contains("SNOWFLAKE_PRIVATE_KEY", text, StringComparison.Ordinal);
        Assert.Contains("rollback()", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("$REGISTRY_STACK\" --template-file", StringComparison.Ordinal) < text.IndexOf("put-secret-value", StringComparison.Ordinal));
        Assert.True(text.IndexOf("put-secret-value", StringComparison.Ordinal) < text.IndexOf("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("SettingSnowflakeAccount=\"$SNOWFLAKE_ACCOUNT\"", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("dotnet publish", StringComparison.Ordinal) < text.IndexOf("--stack-name \"$APP_STACK\"", StringComparison.Ordinal));

        using var bash = Process.Start(new ProcessStartInfo("bash", ["-n", script]) { RedirectStandardError = true })!;
        var errors = await bash.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await bash.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(bash.ExitCode == 0, errors);
    }

    [Fact]
    public void Readme_ListsFilesSettingsAndRecovery()
    {
        var readme = File.ReadAllText(Path.Combine(fixture.OutputDirectory, "README.md"));
        Assert.Contains("`multi-agent-orchestrator-dev-app.template.json`", readme, StringComparison.Ordinal);
        Assert.Contains("| `snowflake-private-key` | Secrets Manager `multi-agent-orchestrator-dev/snowflake-private-key` |", readme, StringComparison.Ordinal);
        Assert.Contains("| `snowflake-account` | SSM `/multi-agent-orchestrator-dev/snowflake-account` |", readme, StringComparison.Ordinal);
        Assert.Contains("./deploy.sh rollback", readme, StringComparison.Ordinal);
    }
}
