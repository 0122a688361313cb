using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// Assembles, per database, a secret holding the whole Npgsql connection string, because an ECS task
/// can only receive a secret value whole, while the credentials secret holds the parts.
/// </summary>
/// <remarks>
/// The connection string is built from dynamic references to the credentials secret, so no password
/// is in the template; a credential change takes effect at the next stack deployment.
/// </remarks>
internal sealed class PostgresConnectionStrings(Construct scope, AwsDeploymentModel model, ISecret credentials, string host, string port, string sslMode)
{
    private readonly Dictionary<string, ISecret> _secrets = new(StringComparer.Ordinal);

    public ISecret For(string? databaseResource)
    {
        var key = databaseResource ?? string.Empty;
        if (_secrets.TryGetValue(key, out var existing))
        {
            return existing;
        }

        var database = databaseResource is null ? "postgres" : model.Database!.Databases[databaseResource];
        var value = Fn.Join(string.Empty,
        [
            "Host=", host, ";Port=", port, ";Database=", database,
            ";Username=", credentials.SecretValueFromJson("username").UnsafeUnwrap(),
            ";Password=", credentials.SecretValueFromJson("password").UnsafeUnwrap(),
            ";SSL Mode=", sslMode,
        ]);
        var secret = new Secret(scope, $"connection-string-{(databaseResource ?? "server")}", new SecretProps
        {
            SecretName = new AwsStackNames(model.Options).Secret($"connection-strings/{databaseResource ?? model.Database!.ResourceName}"),
            Description = $"The Npgsql connection string of {databaseResource ?? "the PostgreSQL server"}.",
            SecretStringValue = SecretValue.UnsafePlainText(value),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        Nag.Acknowledge(secret, "AwsSolutions-SMG4", "Derived from the database credentials secret at deployment; it changes when the stack is deployed, not by rotation.");
        _secrets[key] = secret;
        return secret;
    }
}
