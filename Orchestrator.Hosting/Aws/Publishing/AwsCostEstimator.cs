using System.Globalization;
using System.Text;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Publishing;

/// <summary>One line of the estimate.</summary>
/// <param name="Item">What is billed.</param>
/// <param name="Basis">How the amount is computed.</param>
/// <param name="MonthlyUsd">The monthly amount in US dollars.</param>
public sealed record AwsCostLine(string Item, string Basis, decimal MonthlyUsd);

/// <summary>
/// Estimates the monthly cost of a deployment model from public on-demand prices (us-east-1, the
/// region assumed when none is configured): Fargate vCPU and GB hours by task count, NAT gateways,
/// the load balancer, the RDS class and storage, logs and secrets, and a self-hosted Langfuse (tasks,
/// ElastiCache, EFS and S3).
/// </summary>
public static class AwsCostEstimator
{
    /// <summary>Hours in the billing month used by AWS's calculator.</summary>
    public const decimal HoursPerMonth = 730m;

    /// <summary>The seed's development range, for comparison.</summary>
    public static (decimal Low, decimal High) SeedDevelopmentRange => (152m, 374m);

    // Public on-demand prices, us-east-1, USD.
    private const decimal FargateArmVcpuHour = 0.03238m;
    private const decimal FargateArmGbHour = 0.00356m;
    private const decimal FargateX86VcpuHour = 0.04048m;
    private const decimal FargateX86GbHour = 0.004445m;
    private const decimal NatGatewayHour = 0.045m;
    private const decimal NatGatewayGb = 0.045m;
    private const decimal AlbHour = 0.0225m;
    private const decimal AlbLcuHour = 0.008m;
    private const decimal RdsT4gMediumHour = 0.065m;
    private const decimal RdsGp3GbMonth = 0.115m;
    private const decimal EfsGbMonth = 0.30m;
    private const decimal LogsIngestGb = 0.50m;
    private const decimal LogsStoreGbMonth = 0.03m;
    private const decimal SecretMonth = 0.40m;
    private const decimal EcrGbMonth = 0.10m;
    private const decimal ElastiCacheT4gMicroHour = 0.016m;
    private const decimal S3GbMonth = 0.023m;

    // Usage assumptions, stated in the report.
    private const decimal NatGbPerMonth = 50m;
    private const decimal AlbLcus = 1m;
    private const decimal LogGbPerServiceMonth = 5m;
    private const decimal ImageGb = 0.1m;
    private const decimal EfsDataGb = 10m;
    private const decimal LangfuseBucketGb = 10m;

    // The self-hosted Langfuse's secrets: NextAuth, salt, encryption key, ClickHouse password, Redis token,
    // the two key values and the composed API keys, database URL, Redis URL and connection string.
    private const int LangfuseSecrets = 11;

    /// <summary>The lines of the estimate.</summary>
    public static IReadOnlyList<AwsCostLine> Estimate(AwsDeploymentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var arm = model.Defaults.CpuArchitecture == "ARM64";
        var vcpuHour = arm ? FargateArmVcpuHour : FargateX86VcpuHour;
        var gbHour = arm ? FargateArmGbHour : FargateX86GbHour;
        var lines = new List<AwsCostLine>();
        AwsCostLine Fargate(string name, int tasks, int cpu, int memoryMiB)
        {
            var vcpu = cpu / 1024m;
            var gb = memoryMiB / 1024m;
            var monthly = tasks * ((vcpu * vcpuHour) + (gb * gbHour)) * HoursPerMonth;
            return new AwsCostLine($"Fargate: {name}", $"{tasks} tasks × ({vcpu:0.##} vCPU × ${vcpuHour}/h + {gb:0.##} GB × ${gbHour}/h) × {HoursPerMonth} h", monthly);
        }

        foreach (var service in model.Services)
        {
            lines.Add(Fargate(service.Name, service.DesiredCount, service.Cpu, service.MemoryMiB));
        }

        lines.Add(new AwsCostLine("NAT gateways", $"2 × ${NatGatewayHour}/h × {HoursPerMonth} h + {NatGbPerMonth} GB × ${NatGatewayGb}/GB", (2 * NatGatewayHour * HoursPerMonth) + (NatGbPerMonth * NatGatewayGb)));
        if (model.Services.Any(s => s.WithLoadBalancer))
        {
            lines.Add(new AwsCostLine("Application load balancer", $"${AlbHour}/h + {AlbLcus} LCU × ${AlbLcuHour}/h, × {HoursPerMonth} h", (AlbHour + (AlbLcus * AlbLcuHour)) * HoursPerMonth));
        }

        if (model.Database is { Hosting: AwsPostgresHosting.Rds } rds)
        {
            var copies = rds.MultiAz ? 2 : 1;
            lines.Add(new AwsCostLine($"RDS PostgreSQL {rds.InstanceClass}", $"{copies} × ${RdsT4gMediumHour}/h × {HoursPerMonth} h{(rds.MultiAz ? " (Multi-AZ)" : string.Empty)}", copies * RdsT4gMediumHour * HoursPerMonth));
            lines.Add(new AwsCostLine("RDS storage (gp3)", $"{copies} × {model.Defaults.DatabaseStorageGiB} GB × ${RdsGp3GbMonth}/GB-month; backups within the free allowance", copies * model.Defaults.DatabaseStorageGiB * RdsGp3GbMonth));
        }
        else if (model.Database is { Hosting: AwsPostgresHosting.EcsWithEfs })
        {
            lines.Add(new AwsCostLine("PostgreSQL task (ECS)", $"1 task × (0.5 vCPU × ${FargateArmVcpuHour}/h + 1 GB × ${FargateArmGbHour}/h) × {HoursPerMonth} h", ((0.5m * FargateArmVcpuHour) + FargateArmGbHour) * HoursPerMonth));
            lines.Add(new AwsCostLine("EFS storage", $"{EfsDataGb} GB × ${EfsGbMonth}/GB-month", EfsDataGb * EfsGbMonth));
        }

        if (model.Langfuse is { } langfuse)
        {
            var sizes = model.Defaults.Langfuse;
            lines.Add(Fargate(langfuse.WebName, sizes.WebDesiredCount, sizes.WebCpu, sizes.WebMemoryMiB));
            lines.Add(Fargate(langfuse.WorkerName, sizes.WorkerDesiredCount, sizes.WorkerCpu, sizes.WorkerMemoryMiB));
            lines.Add(Fargate(langfuse.ClickHouseName, 1, sizes.ClickHouseCpu, sizes.ClickHouseMemoryMiB));
            lines.Add(new AwsCostLine("EFS storage (Langfuse ClickHouse)", $"{EfsDataGb} GB × ${EfsGbMonth}/GB-month", EfsDataGb * EfsGbMonth));
            var nodes = model.Options.Profile.MultiAzDatabase ? 2 : 1;
            lines.Add(new AwsCostLine($"ElastiCache Redis {sizes.RedisNodeType} (Langfuse)", $"{nodes} × ${ElastiCacheT4gMicroHour}/h × {HoursPerMonth} h", nodes * ElastiCacheT4gMicroHour * HoursPerMonth));
            lines.Add(new AwsCostLine("S3 storage (Langfuse events and media)", $"{LangfuseBucketGb} GB × ${S3GbMonth}/GB-month", LangfuseBucketGb * S3GbMonth));
        }

        var services = model.Services.Count;
        var logGroups = services + (model.Langfuse is null ? 0 : 3);
        lines.Add(new AwsCostLine("CloudWatch Logs", $"{logGroups} services × {LogGbPerServiceMonth} GB × (${LogsIngestGb} ingest + ${LogsStoreGbMonth} storage)", logGroups * LogGbPerServiceMonth * (LogsIngestGb + LogsStoreGbMonth)));
        var secrets = model.Settings.Count(s => s.Secret) + (model.Database is null ? 0 : 1 + model.Database.Databases.Count) + (model.Langfuse is null ? 0 : LangfuseSecrets);
        lines.Add(new AwsCostLine("Secrets Manager", $"{secrets} secrets × ${SecretMonth}/month", secrets * SecretMonth));
        lines.Add(new AwsCostLine("ECR storage", $"{services} repositories × {model.Defaults.ImagesKept} images × {ImageGb} GB × ${EcrGbMonth}/GB-month", services * model.Defaults.ImagesKept * ImageGb * EcrGbMonth));
        return lines;
    }

    /// <summary>The estimate as the <c>cost-estimate.md</c> report.</summary>
    public static string ToMarkdown(AwsDeploymentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var lines = Estimate(model);
        var total = lines.Sum(l => l.MonthlyUsd);
        var (low, high) = SeedDevelopmentRange;
        var region = model.Options.Region ?? "us-east-1 (assumed: no region configured)";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Cost estimate: {model.Options.Prefix}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Computed from the application model at publish time. Region: {region}. Profile: {model.Options.Profile.Name}. Defaults: {model.Defaults.Version}.");
        text.AppendLine();
        text.AppendLine("| item | basis | USD / month |");
        text.AppendLine("|---|---|---:|");
        foreach (var line in lines)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {line.Item} | {line.Basis} | {line.MonthlyUsd:0.00} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"| **total** | | **{total:0.00}** |");
        text.AppendLine();
        var verdict = total < low ? "below" : total > high ? "above" : "within";
        text.AppendLine(CultureInfo.InvariantCulture, $"The seed estimated ${low}–${high} a month for development; this estimate is {verdict} that range.");
        text.AppendLine();
        text.AppendLine("## Assumptions");
        text.AppendLine();
        text.AppendLine("- Public on-demand prices of us-east-1; other regions cost up to about 20 % more.");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Tasks run all month at their desired count ({model.Defaults.CpuArchitecture}); autoscaling up to {model.Defaults.MaxCapacity} tasks per service adds cost in proportion.");
        if (model.Options.Profile.UseFargateSpot)
        {
            text.AppendLine("- The dev profile runs the first task of each service on FARGATE and half of the others on FARGATE_SPOT (up to 70 % cheaper); the estimate prices all of them on demand, so it is an upper bound.");
        }

        if (model.Langfuse is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- Self-hosted Langfuse: {EfsDataGb} GB of ClickHouse data on EFS and {LangfuseBucketGb} GB of events and media in S3; its database shares the PostgreSQL server.");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- {NatGbPerMonth} GB through the NAT gateways, {AlbLcus} load-balancer capacity unit, {LogGbPerServiceMonth} GB of logs per service a month.");
        text.AppendLine("- Not included: Bedrock model usage (per token), Snowflake, data transfer out to the internet, Container Insights metrics, the services' EMF custom metrics ($0.30 a metric-month) and CloudWatch alarms ($0.10 each), CloudTrail and flow-log volumes, and the free tier.");
        return text.ToString();
    }
}
