using Aspire.Hosting.ApplicationModel;

namespace Orchestrator.Hosting.Aws;

/// <summary>Where a PostgreSQL server runs in AWS.</summary>
public enum AwsPostgresHosting
{
    /// <summary>Amazon RDS for PostgreSQL: encrypted, backed up, TLS required.</summary>
    Rds,

    /// <summary>A PostgreSQL 15 task on ECS Fargate with its data on EFS: cheaper, for development.</summary>
    EcsWithEfs,
}

/// <summary>Marks a PostgreSQL server resource to publish to AWS.</summary>
/// <param name="Hosting">RDS or ECS with EFS.</param>
/// <param name="MultiAz">Overrides the profile's Multi-AZ choice for RDS.</param>
/// <param name="InstanceClass">Overrides the RDS instance class, e.g. <c>db.t4g.large</c>.</param>
public sealed record AwsPostgresAnnotation(AwsPostgresHosting Hosting, bool? MultiAz = null, string? InstanceClass = null) : IResourceAnnotation;
