namespace Orchestrator.Hosting.Aws;

/// <summary>The sizes and images of a self-hosted Langfuse, part of a versioned <see cref="AwsDefaults"/> set.</summary>
public sealed record AwsLangfuseDefaults
{
    /// <summary>The web image (UI and public API).</summary>
    public required string WebImage { get; init; }

    /// <summary>The worker image.</summary>
    public required string WorkerImage { get; init; }

    /// <summary>The ClickHouse image.</summary>
    public required string ClickHouseImage { get; init; }

    /// <summary>Web task CPU units.</summary>
    public required int WebCpu { get; init; }

    /// <summary>Web task memory in MiB.</summary>
    public required int WebMemoryMiB { get; init; }

    /// <summary>Web tasks kept running.</summary>
    public required int WebDesiredCount { get; init; }

    /// <summary>The most web tasks CPU and memory autoscaling may run; <see cref="WebDesiredCount"/> keeps the count fixed.</summary>
    public required int WebMaxCount { get; init; }

    /// <summary>Worker task CPU units.</summary>
    public required int WorkerCpu { get; init; }

    /// <summary>Worker task memory in MiB.</summary>
    public required int WorkerMemoryMiB { get; init; }

    /// <summary>Worker tasks kept running.</summary>
    public required int WorkerDesiredCount { get; init; }

    /// <summary>The most worker tasks CPU and memory autoscaling may run; <see cref="WorkerDesiredCount"/> keeps the count fixed.</summary>
    public required int WorkerMaxCount { get; init; }

    /// <summary>ClickHouse task CPU units (one task: its data directory has one writer).</summary>
    public required int ClickHouseCpu { get; init; }

    /// <summary>ClickHouse task memory in MiB.</summary>
    public required int ClickHouseMemoryMiB { get; init; }

    /// <summary>The ElastiCache node type.</summary>
    public required string RedisNodeType { get; init; }

    /// <summary>The ElastiCache Redis engine version (Langfuse needs 7 or later).</summary>
    public required string RedisEngineVersion { get; init; }

    /// <summary>The ElastiCache parameter group family of <see cref="RedisEngineVersion"/>.</summary>
    public required string RedisParameterFamily { get; init; }

    /// <summary>Days a replaced or deleted object version is kept in the Langfuse bucket.</summary>
    public required int BucketNoncurrentVersionDays { get; init; }
}
