using Orchestrator.Hosting.Aws.Deployment;

namespace Orchestrator.Tests.Aws;

public sealed class AwsDeployerTests
{
    private static readonly AwsDeployPlan Plan = new(
        "/out", "app-dev-registry", "app-dev-app", "app-dev", "eu-west-1",
        [new AwsDeployService("cortex", "/src/Cortex.csproj", "app-dev-cortex", "app-dev-cortex"), new AwsDeployService("graph", "/src/Graph.csproj", "app-dev-graph", "app-dev-graph")],
        [new AwsDeploySecret("app-dev/snowflake-private-key", "pem-text"), new AwsDeploySecret("app-dev/unknown", null)],
        new Dictionary<string, string> { ["SettingSnowflakeAccount"] = "myorg" });

    [Fact]
    public async Task Deploy_FakeAws_RegistryThenSecretsThenImagesThenAppWithTag()
    {
        var runner = new RecordingRunner();
        var outputs = await new AwsDeployer(runner).DeployAsync(Plan, "v42", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        var commands = runner.Commands.Select(c => c.ToString()).ToList();
        Assert.StartsWith("aws cloudformation deploy --stack-name app-dev-registry --template-file /out/app-dev-registry.template.json", commands[0], StringComparison.Ordinal);
        Assert.Contains("--parameter-overrides SettingSnowflakeAccount=myorg", commands[0], StringComparison.Ordinal);
        Assert.StartsWith("aws cloudformation describe-stacks --stack-name app-dev-registry", commands[1], StringComparison.Ordinal);
        Assert.StartsWith("aws secretsmanager put-secret-value --secret-id app-dev/snowflake-private-key --secret-string file:///dev/stdin", commands[2], StringComparison.Ordinal);
        Assert.Equal("pem-text", runner.Commands[2].StandardInput);
        Assert.StartsWith("aws ecr get-login-password", commands[3], StringComparison.Ordinal);
        Assert.Equal("dotnet publish /src/Cortex.csproj -c Release -t:PublishContainer -p:ContainerRegistry=123.dkr.ecr.eu-west-1.amazonaws.com -p:ContainerRepository=app-dev-cortex -p:ContainerImageTags=v42 \"-p:ContainerRuntimeIdentifiers=linux-arm64;linux-x64\"", commands[4]);
        Assert.Contains("-p:ContainerRepository=app-dev-graph", commands[5], StringComparison.Ordinal);
        Assert.Equal("TOKEN", runner.Commands[4].Environment!["DOTNET_CONTAINER_REGISTRY_PWORD"]);
        Assert.StartsWith("aws cloudformation deploy --stack-name app-dev-app", commands[6], StringComparison.Ordinal);
        Assert.Contains("--s3-bucket artifacts-bucket", commands[6], StringComparison.Ordinal);
        Assert.Contains("--parameter-overrides ImageTag=v42", commands[6], StringComparison.Ordinal);
        Assert.DoesNotContain(commands, c => c.Contains("app-dev/unknown", StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.Contains("pem-text", StringComparison.Ordinal));
        Assert.StartsWith("aws ecs wait services-stable --cluster app-dev --services app-dev-cortex app-dev-graph", commands[7], StringComparison.Ordinal);
        Assert.All(commands.Where(c => c.StartsWith("aws", StringComparison.Ordinal)), c => Assert.EndsWith("--region eu-west-1", c, StringComparison.Ordinal));
        Assert.Equal("https://app.example", outputs["url"]);
    }

    [Fact]
    public async Task Deploy_StepFails_StopsWithTheCommandAndItsError()
    {
        var runner = new RecordingRunner { FailOn = "get-login-password" };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => new AwsDeployer(runner).DeployAsync(Plan, "v1", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("get-login-password", error.Message, StringComparison.Ordinal);
        Assert.Contains("denied", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(runner.Commands, c => c.FileName == "dotnet");
    }

    [Fact]
    public async Task Rollback_Services_MoveToPreviousTaskDefinition()
    {
        var runner = new RecordingRunner();
        await new AwsDeployer(runner).RollbackAsync(Plan, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var commands = runner.Commands.Select(c => c.ToString()).ToList();
        Assert.Contains("aws ecs update-service --cluster app-dev --service app-dev-cortex --task-definition app-dev-cortex:6 --region eu-west-1", commands);
        Assert.StartsWith("aws ecs wait services-stable", commands[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Destroy_Stacks_AppBeforeRegistry()
    {
        var runner = new RecordingRunner();
        await new AwsDeployer(runner).DestroyAsync(Plan, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var deletes = runner.Commands.Select(c => c.ToString()).Where(c => c.Contains("delete-stack ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, deletes.Count);
        Assert.Contains("app-dev-app", deletes[0], StringComparison.Ordinal);
        Assert.Contains("app-dev-registry", deletes[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:ecs:eu-west-1:123:task-definition/app-dev-cortex:7", "app-dev-cortex:6")]
    [InlineData("app-dev-graph:12", "app-dev-graph:11")]
    public void PreviousRevision_Arn_IsOneBack(string arn, string expected) => Assert.Equal(expected, AwsDeployer.PreviousRevision(arn));

    [Fact]
    public void PreviousRevision_FirstRevision_Throws() =>
        Assert.Throws<InvalidOperationException>(() => AwsDeployer.PreviousRevision("arn:aws:ecs:eu-west-1:123:task-definition/x:1"));

    /// <summary>Answers like the AWS CLI would for the commands the deployer sends, and records them.</summary>
    private sealed class RecordingRunner : ICommandRunner
    {
        public List<CommandSpec> Commands { get; } = [];

        public string? FailOn { get; init; }

        public Task<CommandResult> RunAsync(CommandSpec command, CancellationToken cancellationToken)
        {
            Commands.Add(command);
            var line = command.ToString();
            if (FailOn is not null && line.Contains(FailOn, StringComparison.Ordinal))
            {
                return Task.FromResult(new CommandResult(255, string.Empty, "An error occurred (AccessDenied): denied"));
            }

            var output = line switch
            {
                _ when line.Contains("describe-stacks --stack-name app-dev-registry", StringComparison.Ordinal) =>
                    """[{"OutputKey":"RegistryHost","OutputValue":"123.dkr.ecr.eu-west-1.amazonaws.com"},{"OutputKey":"ArtifactsBucketName","OutputValue":"artifacts-bucket"}]""",
                _ when line.Contains("describe-stacks --stack-name app-dev-app", StringComparison.Ordinal) => """[{"OutputKey":"url","OutputValue":"https://app.example"}]""",
                _ when line.Contains("get-login-password", StringComparison.Ordinal) => "TOKEN\n",
                _ when line.Contains("describe-services", StringComparison.Ordinal) =>
                    $"arn:aws:ecs:eu-west-1:123:task-definition/{command.Arguments[command.Arguments.ToList().IndexOf("--services") + 1]}:7\n",
                _ => string.Empty,
            };
            return Task.FromResult(new CommandResult(0, output, string.Empty));
        }
    }
}
