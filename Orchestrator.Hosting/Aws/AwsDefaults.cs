namespace Orchestrator.Hosting.Aws;

/// <summary>
/// The infrastructure values used when the app model does not say otherwise, under a version name.
/// </summary>
/// <remarks>
/// A deployment pins <see cref="AwsCdkEnvironmentOptions.DefaultsVersion"/>; a later version of this
/// library adds a new set instead of editing an old one, so upgrading the package never changes a
/// deployed stack unless the version name is changed on purpose.
/// </remarks>
public sealed record AwsDefaults
{
    /// <summary>The version name, e.g. <c>v2026-11</c>.</summary>
    public required string Version { get; init; }

    /// <summary>Fargate task CPU units.</summary>
    public required int TaskCpu { get; init; }

    /// <summary>Fargate task memory in MiB.</summary>
    public required int TaskMemoryMiB { get; init; }

    /// <summary>Tasks per service when the project does not say.</summary>
    public required int DesiredCount { get; init; }

    /// <summary>Autoscaling floor.</summary>
    public required int MinCapacity { get; init; }

    /// <summary>Autoscaling ceiling.</summary>
    public required int MaxCapacity { get; init; }

    /// <summary>Target CPU utilisation for autoscaling, percent.</summary>
    public required int ScaleCpuPercent { get; init; }

    /// <summary>Target memory utilisation for autoscaling, percent.</summary>
    public required int ScaleMemoryPercent { get; init; }

    /// <summary>Target ALB requests per task for autoscaling.</summary>
    public required int ScaleRequestsPerTarget { get; init; }

    /// <summary>The container port when the project does not give one (the .NET container default).</summary>
    public required int ContainerPort { get; init; }

    /// <summary>The HTTP health path the load balancer probes.</summary>
    public required string HealthCheckPath { get; init; }

    /// <summary>The CPU architecture of the tasks (<c>ARM64</c> or <c>X86_64</c>).</summary>
    public required string CpuArchitecture { get; init; }

    /// <summary>The RDS PostgreSQL engine version.</summary>
    public required string PostgresEngineVersion { get; init; }

    /// <summary>The RDS PostgreSQL major version (parameter-group family).</summary>
    public required string PostgresMajorVersion { get; init; }

    /// <summary>The RDS instance class, e.g. <c>db.t4g.medium</c>.</summary>
    public required string DatabaseInstanceClass { get; init; }

    /// <summary>RDS storage in GiB at creation.</summary>
    public required int DatabaseStorageGiB { get; init; }

    /// <summary>RDS storage autoscaling ceiling in GiB.</summary>
    public required int DatabaseMaxStorageGiB { get; init; }

    /// <summary>Days of automated backups (point-in-time recovery window).</summary>
    public required int BackupRetentionDays { get; init; }

    /// <summary>Alarm threshold for CPU and memory utilisation, percent.</summary>
    public required int UtilisationAlarmPercent { get; init; }

    /// <summary>Alarm threshold for RDS connections.</summary>
    public required int DatabaseConnectionsAlarm { get; init; }

    /// <summary>Alarm threshold for free RDS storage in GiB.</summary>
    public required int DatabaseFreeStorageAlarmGiB { get; init; }

    /// <summary>Alarm threshold for Error and Critical log lines of one service, per minute.</summary>
    public required int ErrorLogsAlarmPerMinute { get; init; }

    /// <summary>Alarm threshold for Bedrock server or client errors of one model, per minute.</summary>
    public required int BedrockErrorsAlarmPerMinute { get; init; }

    /// <summary>Alarm threshold for Bedrock throttled invocations of one model, per minute.</summary>
    public required int BedrockThrottlesAlarmPerMinute { get; init; }

    /// <summary>ECR images kept per repository.</summary>
    public required int ImagesKept { get; init; }

    /// <summary>The PostgreSQL image of the ECS-on-EFS option.</summary>
    public required string EcsPostgresImage { get; init; }

    /// <summary>Images and sizes of a self-hosted Langfuse (published when the AppHost runs Langfuse in container mode).</summary>
    /// <remarks>Added to the first version: it creates resources only where none existed before, so no deployed stack changes.</remarks>
    public required AwsLangfuseDefaults Langfuse { get; init; }

    /// <summary>The first version.</summary>
    public static AwsDefaults V2026_11 { get; } = new()
    {
        Version = "v2026-11",
        TaskCpu = 1024,
        TaskMemoryMiB = 2048,
        DesiredCount = 2,
        MinCapacity = 2,
        MaxCapacity = 10,
        ScaleCpuPercent = 70,
        ScaleMemoryPercent = 75,
        ScaleRequestsPerTarget = 500,
        ContainerPort = 8080,
        HealthCheckPath = "/health",
        CpuArchitecture = "ARM64",
        PostgresEngineVersion = "16.4",
        PostgresMajorVersion = "16",
        DatabaseInstanceClass = "db.t4g.medium",
        DatabaseStorageGiB = 20,
        DatabaseMaxStorageGiB = 100,
        BackupRetentionDays = 7,
        UtilisationAlarmPercent = 80,
        DatabaseConnectionsAlarm = 300,
        DatabaseFreeStorageAlarmGiB = 2,
        ErrorLogsAlarmPerMinute = 10,
        BedrockErrorsAlarmPerMinute = 5,
        BedrockThrottlesAlarmPerMinute = 10,
        ImagesKept = 10,
        EcsPostgresImage = "public.ecr.aws/docker/library/postgres:15",
        Langfuse = new AwsLangfuseDefaults
        {
            WebImage = "langfuse/langfuse:3",
            WorkerImage = "langfuse/langfuse-worker:3",
            ClickHouseImage = "clickhouse/clickhouse-server:24.12",
            WebCpu = 1024,
            WebMemoryMiB = 2048,
            WebDesiredCount = 1,
            WebMaxCount = 1,
            WorkerCpu = 1024,
            WorkerMemoryMiB = 2048,
            WorkerDesiredCount = 1,
            WorkerMaxCount = 1,
            ClickHouseCpu = 1024,
            ClickHouseMemoryMiB = 4096,
            RedisNodeType = "cache.t4g.micro",
            RedisEngineVersion = "7.1",
            RedisParameterFamily = "redis7",
            BucketNoncurrentVersionDays = 30,
        },
    };

    /// <summary>The first version's values, with a self-hosted Langfuse's web and worker autoscaled on CPU and memory up to 4 tasks each.</summary>
    /// <remarks>ClickHouse stays one task: its data directory has one writer.</remarks>
    public static AwsDefaults V2026_11_26 { get; } = V2026_11 with
    {
        Version = "v2026-11-26",
        Langfuse = V2026_11.Langfuse with { WebMaxCount = 4, WorkerMaxCount = 4 },
    };

    /// <summary>The newest version, used by a new deployment that pins nothing.</summary>
    public static AwsDefaults Latest => V2026_11_26;

    /// <summary>Every version by name.</summary>
    public static IReadOnlyDictionary<string, AwsDefaults> All { get; } =
        new Dictionary<string, AwsDefaults>(StringComparer.OrdinalIgnoreCase) { [V2026_11.Version] = V2026_11, [V2026_11_26.Version] = V2026_11_26 };

    /// <summary>The defaults with the given version name.</summary>
    /// <exception cref="ArgumentException">No such version.</exception>
    public static AwsDefaults Get(string version) => All.TryGetValue(version, out var defaults)
        ? defaults
        : throw new ArgumentException(
            $"Unknown AWS defaults version '{version}'. Set {AwsCdkEnvironmentOptions.SectionName}:DefaultsVersion to one of: {string.Join(", ", All.Keys)}.",
            nameof(version));
}
