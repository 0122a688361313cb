using Amazon.CDK.Assertions;
using Orchestrator.Hosting.Aws;
using Orchestrator.Hosting.Aws.Cdk;
using Orchestrator.Hosting.Aws.Publishing;
using Orchestrator.Hosting.Langfuse;

namespace Orchestrator.Tests.Aws;

/// <summary>One publish (one CDK synthesis, the slow part) shared by a test class.</summary>
public abstract class AwsPublishFixtureBase : IAsyncLifetime
{
    private readonly string _output = Directory.CreateTempSubdirectory("aws-publish-test-").FullName;

    public AwsPublishResult Result { get; private set; } = null!;

    public string OutputDirectory => _output;

    public Template Registry { get; private set; } = null!;

    public Template Application { get; private set; } = null!;

    public string RegistryJson => Result.Synthesis.Templates[new AwsStackNames(Result.Model.Options).RegistryStack];

    public string ApplicationJson => Result.Synthesis.Templates[new AwsStackNames(Result.Model.Options).ApplicationStack];

    protected virtual void Configure(AwsCdkEnvironmentOptions options)
    {
    }

    protected virtual bool Efs => false;

    protected virtual bool AspirePostgres => false;

    protected virtual LangfuseMode? Langfuse => null;

    public async Task InitializeAsync()
    {
        using var app = AwsTestModel.Build(Configure, efs: Efs, aspirePostgres: AspirePostgres, langfuse: Langfuse);
        Result = await AwsTestModel.PublishAsync(app, _output);
        Registry = Template.FromString(RegistryJson);
        Application = Template.FromString(ApplicationJson);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_output, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The dev profile with the defaults.</summary>
public sealed class AwsDevPublishFixture : AwsPublishFixtureBase;

/// <summary>The prod profile with every optional item on.</summary>
public sealed class AwsProdPublishFixture : AwsPublishFixtureBase
{
    protected override bool AspirePostgres => true;

    protected override void Configure(AwsCdkEnvironmentOptions options)
    {
        options.Environment = "prod";
        options.Region = "eu-west-1";
        options.Account = "123456789012";
        options.AllowedIngressCidrs.Add("203.0.113.0/24");
        options.DomainName = "orchestrator.example.com";
        options.HostedZoneId = "Z0123456789ABCDEFGHIJ";
        options.HostedZoneName = "example.com";
        options.EnableCloudTrail = true;
        options.EnableVpcFlowLogs = true;
        options.EncryptLogsWithKms = true;
        options.AlarmEmail = "ops@example.com";
    }
}

/// <summary>The dev profile with PostgreSQL as an ECS task on EFS, and HTTPS from an ACM certificate ARN.</summary>
public sealed class AwsEfsPublishFixture : AwsPublishFixtureBase
{
    public const string CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab";

    protected override bool Efs => true;

    protected override void Configure(AwsCdkEnvironmentOptions options) => options.CertificateArn = CertificateArn;
}

/// <summary>The dev profile with Langfuse in container mode: published as a self-hosted Langfuse on ECS.</summary>
public sealed class AwsLangfuseSelfHostedPublishFixture : AwsPublishFixtureBase
{
    protected override LangfuseMode? Langfuse => LangfuseMode.Container;
}

/// <summary>A self-hosted Langfuse on a deployment pinned to the first defaults version.</summary>
public sealed class AwsLangfusePinnedDefaultsPublishFixture : AwsPublishFixtureBase
{
    protected override LangfuseMode? Langfuse => LangfuseMode.Container;

    protected override void Configure(AwsCdkEnvironmentOptions options) => options.DefaultsVersion = AwsDefaults.V2026_11.Version;
}

/// <summary>The dev profile with an external Langfuse (host and keys as parameters).</summary>
public sealed class AwsLangfuseExternalPublishFixture : AwsPublishFixtureBase
{
    protected override LangfuseMode? Langfuse => LangfuseMode.External;
}
