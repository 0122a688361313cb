namespace Orchestrator.Hosting.Aws;

/// <summary>Where and how the application is published to AWS; bound from <c>Orchestrator:Aws</c>.</summary>
public sealed class AwsCdkEnvironmentOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Orchestrator:Aws";

    /// <summary>The application prefix of every name (repositories, log groups, stacks).</summary>
    public string ApplicationName { get; set; } = "multi-agent-orchestrator";

    /// <summary>The deployment profile: <c>dev</c> or <c>prod</c> (see <see cref="AwsDeploymentProfile"/>).</summary>
    public string Environment { get; set; } = AwsDeploymentProfile.Dev.Name;

    /// <summary>The AWS account; unset keeps the stacks environment-agnostic.</summary>
    public string? Account { get; set; }

    /// <summary>The AWS region; unset keeps the stacks environment-agnostic (the cost report then assumes us-east-1).</summary>
    public string? Region { get; set; }

    /// <summary>The name of the versioned defaults (see <see cref="AwsDefaults"/>); pin it so an upgrade never changes infrastructure silently.</summary>
    public string DefaultsVersion { get; set; } = AwsDefaults.Latest.Version;

    /// <summary>CIDR blocks allowed to reach the load balancer.</summary>
    public IList<string> AllowedIngressCidrs { get; } = [];

    /// <summary>An ACM certificate ARN: the load balancer then listens on HTTPS 443 and redirects 80.</summary>
    public string? CertificateArn { get; set; }

    /// <summary>A domain name to issue a DNS-validated certificate for and point at the load balancer (needs the hosted zone).</summary>
    public string? DomainName { get; set; }

    /// <summary>The Route 53 hosted zone id of <see cref="DomainName"/>.</summary>
    public string? HostedZoneId { get; set; }

    /// <summary>The Route 53 hosted zone name of <see cref="DomainName"/>.</summary>
    public string? HostedZoneName { get; set; }

    /// <summary>Record API calls with a CloudTrail trail.</summary>
    public bool EnableCloudTrail { get; set; }

    /// <summary>Record VPC traffic with flow logs.</summary>
    public bool EnableVpcFlowLogs { get; set; }

    /// <summary>Encrypt the log groups with a customer-managed KMS key.</summary>
    public bool EncryptLogsWithKms { get; set; }

    /// <summary>Bedrock foundation-model ids the task role may invoke (e.g. <c>anthropic.claude-3-5-haiku-20241022-v1:0</c>).</summary>
    public IList<string> BedrockModelIds { get; } = [];

    /// <summary>Bedrock inference-profile ids the task role may invoke (e.g. <c>us.anthropic.claude-3-5-haiku-20241022-v1:0</c>).</summary>
    public IList<string> BedrockInferenceProfileIds { get; } = [];

    /// <summary>An e-mail address subscribed to the alarm topic.</summary>
    public string? AlarmEmail { get; set; }

    /// <summary>The cost-center tag on every resource.</summary>
    public string CostCenter { get; set; } = "multi-agent-orchestrator";

    /// <summary>Provision the stacks when the AppHost runs (needs AWS credentials); off by default.</summary>
    public bool ProvisionInRunMode { get; set; }

    /// <summary>The image tag deployed; unset uses a UTC timestamp at deploy time.</summary>
    public string? ImageTag { get; set; }

    /// <summary>The deployment profile named by <see cref="Environment"/>.</summary>
    public AwsDeploymentProfile Profile => AwsDeploymentProfile.FromName(Environment);

    /// <summary>The prefix of every resource name: <c>&lt;application&gt;-&lt;environment&gt;</c>.</summary>
    public string Prefix => $"{ApplicationName}-{Profile.Name}";
}
