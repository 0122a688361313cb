namespace Orchestrator.Hosting.Aws.Model;

/// <summary>A value an ECS task receives, in terms of the AWS deployment rather than the local run.</summary>
public abstract record AwsValue;

/// <summary>Text known at publish time.</summary>
/// <param name="Text">The text.</param>
public sealed record AwsLiteral(string Text) : AwsValue;

/// <summary>A part of another service's Cloud Map endpoint.</summary>
/// <param name="Service">The referenced service.</param>
/// <param name="Part">Which part of the endpoint.</param>
public sealed record AwsServiceEndpoint(string Service, AwsEndpointPart Part) : AwsValue;

/// <summary>The parts of an endpoint a reference can ask for.</summary>
public enum AwsEndpointPart
{
    /// <summary><c>http://name.namespace:port</c>.</summary>
    Url,

    /// <summary><c>name.namespace</c>.</summary>
    Host,

    /// <summary>The container port.</summary>
    Port,

    /// <summary><c>http</c>.</summary>
    Scheme,

    /// <summary><c>name.namespace:port</c>.</summary>
    HostAndPort,
}

/// <summary>An application parameter: an SSM parameter, or a Secrets Manager secret when secret.</summary>
/// <param name="Name">The parameter resource name.</param>
public sealed record AwsSettingReference(string Name) : AwsValue;

/// <summary>The connection string of the PostgreSQL server or one of its databases.</summary>
/// <param name="DatabaseName">The database; null for the server.</param>
public sealed record AwsDatabaseConnection(string? DatabaseName) : AwsValue;

/// <summary>A part of the PostgreSQL server's endpoint (RDS endpoint, or the ECS task's Cloud Map name).</summary>
/// <param name="Part">Which part.</param>
public sealed record AwsDatabaseEndpoint(AwsEndpointPart Part) : AwsValue;

/// <summary>A field of the PostgreSQL credentials secret.</summary>
/// <param name="Field"><c>username</c> or <c>password</c>.</param>
public sealed record AwsDatabaseCredential(string Field) : AwsValue;

/// <summary>The concatenation of several values.</summary>
/// <param name="Parts">The parts in order.</param>
public sealed record AwsComposite(IReadOnlyList<AwsValue> Parts) : AwsValue;
