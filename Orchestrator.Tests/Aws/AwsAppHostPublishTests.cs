using System.Diagnostics;

namespace Orchestrator.Tests.Aws;

/// <summary>
/// Publishes the real AppHost through Aspire's pipeline (<c>--operation publish --step publish</c>)
/// in its own process, with a temporary TMPDIR that must be left without CDK files.
/// </summary>
public sealed class AwsAppHostPublishTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("apphost-publish-");

    [Fact]
    public async Task AppHostPublish_PipelineStep_WritesTemplatesScriptReadmeAndCostAndCleansTmp()
    {
        var output = Path.Combine(_root.FullName, "out");
        var tmp = Directory.CreateDirectory(Path.Combine(_root.FullName, "tmp")).FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--project", Path.Combine(AwsTestModel.RepositoryRoot, "Orchestrator.AppHost"), "--no-build", "--no-launch-profile", "--",
                "--operation", "publish", "--step", "publish", "--output-path", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["TMPDIR"] = tmp },
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(process.ExitCode == 0, await stdout + await stderr);
        foreach (var file in new[] { "multi-agent-orchestrator-dev-registry.template.json", "multi-agent-orchestrator-dev-app.template.json", "deploy.sh", "README.md", "cost-estimate.md" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} missing; output: {await stdout}");
        }

        // The AppHost's own graph reached the template: three services, RDS, service discovery through Cloud Map.
        var template = await File.ReadAllTextAsync(Path.Combine(output, "multi-agent-orchestrator-dev-app.template.json"));
        foreach (var service in new[] { "cortex", "graph", "agentcore" })
        {
            Assert.Contains($"\"ServiceName\": \"multi-agent-orchestrator-dev-{service}\"", template, StringComparison.Ordinal);
        }

        Assert.Contains("\"Type\": \"AWS::RDS::DBInstance\"", template, StringComparison.Ordinal);
        Assert.Contains("http://cortex.multi-agent-orchestrator.local:8002", template, StringComparison.Ordinal);
        Assert.DoesNotContain("warehouse", template, StringComparison.OrdinalIgnoreCase);

        Assert.Empty(Directory.GetDirectories(tmp, "orchestrator-cdk-*"));
        Assert.DoesNotContain(Directory.EnumerateFiles(tmp, "*", SearchOption.AllDirectories), f => f.Contains("jsii", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".tgz", StringComparison.Ordinal));
    }

    public void Dispose() => _root.Delete(recursive: true);
}
