using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Hosting.Aws.Deployment;

namespace Orchestrator.Tests.Aws;

/// <summary>The deploy step run by Aspire's pipeline (<c>--step deploy</c>, as <c>aspire deploy</c> does), against a fake AWS.</summary>
[Collection(AwsCdkTestGroup.Name)]
public sealed class AwsDeployStepTests : IDisposable
{
    private readonly DirectoryInfo _output = Directory.CreateTempSubdirectory("aws-deploy-step-");

    [Fact]
    public async Task DeployStep_Pipeline_DeploysInOrderWithTheTagAndSecrets()
    {
        var runner = new FakeAws();
        using var app = AwsTestModel.Build(
            configure: o => o.ImageTag = "release-7",
            args:
            [
                "--operation", "publish", "--step", "deploy", "--output-path", _output.FullName,
                "--Parameters:snowflake-private-key=pem-text", "--ConnectionStrings:chat-model=Provider=Offline",
            ],
            prepare: builder => builder.Services.AddSingleton<ICommandRunner>(runner));

        await app.RunAsync().WaitAsync(TimeSpan.FromMinutes(3));

        var commands = runner.Commands.Select(c => c.ToString()).ToList();
        int Index(string prefix) => commands.FindIndex(c => c.StartsWith(prefix, StringComparison.Ordinal));
        var registry = Index("aws cloudformation deploy --stack-name multi-agent-orchestrator-dev-registry");
        var firstImage = Index("dotnet publish");
        var application = Index("aws cloudformation deploy --stack-name multi-agent-orchestrator-dev-app");
        var wait = Index("aws ecs wait services-stable");
        var secret = Index("aws secretsmanager put-secret-value --secret-id multi-agent-orchestrator-dev/snowflake-private-key");
        Assert.True(registry >= 0 && registry < secret && secret < firstImage && firstImage < application && application < wait, string.Join("\n", commands));
        Assert.Equal(3, commands.Count(c => c.StartsWith("dotnet publish", StringComparison.Ordinal) && c.Contains("-p:ContainerImageTags=release-7", StringComparison.Ordinal)));
        Assert.Contains("ImageTag=release-7", commands[application], StringComparison.Ordinal);
        Assert.Contains(runner.Commands, c => c.StandardInput == "pem-text" && c.ToString().Contains("multi-agent-orchestrator-dev/snowflake-private-key", StringComparison.Ordinal));
        Assert.Contains(runner.Commands, c => c.StandardInput == "Provider=Offline" && c.ToString().Contains("multi-agent-orchestrator-dev/chat-model", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_output.FullName, "multi-agent-orchestrator-dev-app.template.json")));
    }

    [Fact]
    public async Task DestroyStep_Pipeline_DeletesAppStackThenRegistry()
    {
        var runner = new FakeAws();
        using var app = AwsTestModel.Build(
            args: ["--operation", "publish", "--step", "destroy", "--output-path", _output.FullName],
            prepare: builder => builder.Services.AddSingleton<ICommandRunner>(runner));

        await app.RunAsync().WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(
            [
                "aws cloudformation delete-stack --stack-name multi-agent-orchestrator-dev-app",
                "aws cloudformation wait stack-delete-complete --stack-name multi-agent-orchestrator-dev-app",
                "aws cloudformation delete-stack --stack-name multi-agent-orchestrator-dev-registry",
                "aws cloudformation wait stack-delete-complete --stack-name multi-agent-orchestrator-dev-registry",
            ],
            runner.Commands.Select(c => c.ToString()));
    }

    public void Dispose() => _output.Delete(recursive: true);

    private sealed class FakeAws : ICommandRunner
    {
        private readonly Lock _gate = new();

        public List<CommandSpec> Commands { get; } = [];

        public Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                Commands.Add(command);
            }

            var line = command.ToString();
            var output = line.Contains("describe-stacks", StringComparison.Ordinal)
                ? """[{"OutputKey":"RegistryHost","OutputValue":"123.dkr.ecr.us-east-1.amazonaws.com"},{"OutputKey":"ArtifactsBucketName","OutputValue":"artifacts"}]"""
                : line.Contains("get-login-password", StringComparison.Ordinal) ? "TOKEN" : string.Empty;
            return Task.FromResult(new CommandResult(0, output, string.Empty));
        }
    }
}
