using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.SecretsManager;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>The PostgreSQL server as the services see it, whichever way it is hosted.</summary>
internal interface IPostgresDeployment
{
    /// <summary>The security group the services must be allowed into.</summary>
    ISecurityGroup SecurityGroup { get; }

    /// <summary>The port PostgreSQL listens on.</summary>
    int Port { get; }

    /// <summary>The server's host name as the services reach it.</summary>
    string Host { get; }

    /// <summary>The TLS requirement of a client: <c>Require</c> (RDS forces TLS) or <c>Prefer</c>.</summary>
    string SslMode { get; }

    /// <summary>The credentials secret (JSON with <c>username</c> and <c>password</c>).</summary>
    ISecret Credentials { get; }

    /// <summary>The secret holding the full Npgsql connection string of a database (null: the server's default database).</summary>
    ISecret ConnectionString(string? databaseResource);
}
