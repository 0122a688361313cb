namespace Orchestrator.Hosting.Aws;

/// <summary>What differs between a development and a production deployment.</summary>
/// <param name="Name">The profile name used in resource names.</param>
/// <param name="MultiAzDatabase">Whether RDS runs a standby in a second availability zone.</param>
/// <param name="DeletionProtection">Whether the database and load balancer refuse deletion.</param>
/// <param name="LogRetentionDays">How long the log groups keep events.</param>
/// <param name="RetainData">Whether data stores survive stack deletion (snapshot or retain).</param>
/// <param name="UseFargateSpot">Whether services prefer FARGATE_SPOT capacity beyond one on-demand task.</param>
public sealed record AwsDeploymentProfile(
    string Name,
    bool MultiAzDatabase,
    bool DeletionProtection,
    int LogRetentionDays,
    bool RetainData,
    bool UseFargateSpot)
{
    /// <summary>Cheaper, single-AZ database, short log retention, Spot capacity.</summary>
    public static AwsDeploymentProfile Dev { get; } = new("dev", false, false, 30, false, true);

    /// <summary>Multi-AZ database, long log retention, deletion protection, on-demand capacity.</summary>
    public static AwsDeploymentProfile Prod { get; } = new("prod", true, true, 365, true, false);

    /// <summary>The profile with the given name.</summary>
    /// <exception cref="ArgumentException">The name is neither <c>dev</c> nor <c>prod</c>.</exception>
    public static AwsDeploymentProfile FromName(string name) => name.ToLowerInvariant() switch
    {
        "dev" => Dev,
        "prod" => Prod,
        _ => throw new ArgumentException(
            $"Unknown AWS deployment profile '{name}'. Set {AwsCdkEnvironmentOptions.SectionName}:Environment to 'dev' or 'prod'.", nameof(name)),
    };
}
