using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

using CdkAws = Amazon.CDK.Aws;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// The network of the seed: a /16 VPC over two availability zones with a public and a private subnet
/// in each, an internet gateway, a NAT gateway per zone, and optional flow logs; plus the optional
/// KMS key that encrypts every log group.
/// </summary>
internal sealed class NetworkConstruct : Construct
{
    public NetworkConstruct(Construct scope, string id, AwsDeploymentModel model)
        : base(scope, id)
    {
        var options = model.Options;
        if (options.EncryptLogsWithKms)
        {
            var key = new Key(this, "log-key", new KeyProps
            {
                Description = $"Encrypts the CloudWatch log groups of {options.Prefix}",
                EnableKeyRotation = true,
                RemovalPolicy = options.Profile.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            });
            key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Principals = [new ServicePrincipal(Fn.Join(string.Empty, ["logs.", CdkAws.REGION, ".amazonaws.com"]))],
                Actions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resources = ["*"],
                Conditions = new Dictionary<string, object>
                {
                    ["ArnLike"] = new Dictionary<string, object>
                    {
                        ["kms:EncryptionContext:aws:logs:arn"] = Fn.Join(string.Empty, ["arn:", CdkAws.PARTITION, ":logs:", CdkAws.REGION, ":", CdkAws.ACCOUNT_ID, ":*"]),
                    },
                },
            }));
            LogKey = key;
        }

        Vpc = new Vpc(this, "vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr("10.0.0.0/16"),
            MaxAzs = 2,
            NatGateways = 2,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "private", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 24 },
            ],
        });

        if (options.EnableVpcFlowLogs)
        {
            var flowLogs = NewLogGroup(this, "flow-logs", $"/vpc/{options.Prefix}-flow-logs", model);
            Vpc.AddFlowLog("flow-log", new FlowLogOptions
            {
                Destination = FlowLogDestination.ToCloudWatchLogs(flowLogs),
                TrafficType = FlowLogTrafficType.ALL,
            });
        }
        else
        {
            Nag.Acknowledge(Vpc, "AwsSolutions-VPC7", $"Flow logs are opt-in ({AwsCdkEnvironmentOptions.SectionName}:EnableVpcFlowLogs) because they are billed per GB ingested.");
        }
    }

    public Vpc Vpc { get; }

    public IKey? LogKey { get; }

    /// <summary>Private subnets, where every task and the database run.</summary>
    public static SubnetSelection Private => new() { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };

    /// <summary>A log group with the profile's retention, encrypted with the log key when there is one.</summary>
    public LogGroup NewLogGroup(Construct scope, string id, string name, AwsDeploymentModel model) => new(scope, id, new LogGroupProps
    {
        LogGroupName = name,
        Retention = Retention(model.Options.Profile.LogRetentionDays),
        EncryptionKey = LogKey,
        RemovalPolicy = model.Options.Profile.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    private static RetentionDays Retention(int days) => days switch
    {
        <= 7 => RetentionDays.ONE_WEEK,
        <= 14 => RetentionDays.TWO_WEEKS,
        <= 30 => RetentionDays.ONE_MONTH,
        <= 90 => RetentionDays.THREE_MONTHS,
        <= 180 => RetentionDays.SIX_MONTHS,
        <= 365 => RetentionDays.ONE_YEAR,
        _ => RetentionDays.TWO_YEARS,
    };
}
