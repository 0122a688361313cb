using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.S3;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

using CdkAws = Amazon.CDK.Aws;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// The first stack: an ECR repository per service (scan on push, AES256, last 10 images kept), the
/// versioned, encrypted artifacts bucket that holds the application template at deploy time, and the
/// application's settings (SSM parameters) and secrets (Secrets Manager).
/// </summary>
/// <remarks>
/// The secrets live here so the deploy step can write their values before the application stack is
/// deployed: values composed from them there (e.g. a connection string with a key in it) then resolve
/// to the real values on the first deployment too.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "AWS CDK names stack classes *Stack.")]
public sealed class RegistryStack : Stack
{
    /// <summary>The output naming the artifacts bucket.</summary>
    public const string ArtifactsBucketOutput = "ArtifactsBucketName";

    /// <summary>The output naming the registry host (<c>account.dkr.ecr.region.amazonaws.com</c>).</summary>
    public const string RegistryHostOutput = "RegistryHost";

    /// <summary>The application's settings and secrets.</summary>
    internal SettingsConstruct Settings { get; }

    /// <summary>Builds the stack.</summary>
    public RegistryStack(Construct scope, string id, IStackProps props, AwsDeploymentModel model)
        : base(scope, id, props)
    {
        var names = new AwsStackNames(model.Options);
        var retain = model.Options.Profile.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
        foreach (var service in model.Services)
        {
            var repository = new Repository(this, $"{service.Name}-repository", new RepositoryProps
            {
                RepositoryName = names.Repository(service.Name),
                ImageScanOnPush = true,
                Encryption = RepositoryEncryption.AES_256,
                ImageTagMutability = TagMutability.IMMUTABLE,
                LifecycleRules = [new Amazon.CDK.AWS.ECR.LifecycleRule { Description = $"Keep the last {model.Defaults.ImagesKept} images", MaxImageCount = model.Defaults.ImagesKept }],
                RemovalPolicy = retain,
                EmptyOnDelete = false,
            });
            // CDK leaves AES256 implicit (the service default); state it so the template shows the choice.
            ((CfnResource)repository.Node.DefaultChild!).AddPropertyOverride("EncryptionConfiguration.EncryptionType", "AES256");
            _ = new CfnOutput(this, $"{service.Name}-repository-uri", new CfnOutputProps { Value = repository.RepositoryUri });
        }

        var accessLogs = new Bucket(this, "access-logs", new BucketProps
        {
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_PREFERRED,
            RemovalPolicy = retain,
        });
        Nag.Acknowledge(accessLogs, "AwsSolutions-S1", "This bucket is the server-access-log destination; logging it into itself would loop.");

        var artifacts = new Bucket(this, "artifacts", new BucketProps
        {
            Versioned = true,
            Encryption = BucketEncryption.S3_MANAGED,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            EnforceSSL = true,
            ServerAccessLogsBucket = accessLogs,
            ServerAccessLogsPrefix = "artifacts/",
            RemovalPolicy = retain,
        });

        Settings = new SettingsConstruct(this, "settings", model);

        _ = new CfnOutput(this, ArtifactsBucketOutput, new CfnOutputProps { Value = artifacts.BucketName });
        _ = new CfnOutput(this, RegistryHostOutput, new CfnOutputProps
        {
            Value = Fn.Join(string.Empty, [CdkAws.ACCOUNT_ID, ".dkr.ecr.", CdkAws.REGION, ".", CdkAws.URL_SUFFIX]),
        });
    }
}
