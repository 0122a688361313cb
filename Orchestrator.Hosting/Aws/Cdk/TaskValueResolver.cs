using System.Globalization;
using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Orchestrator.Hosting.Aws.Model;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// Turns the mapped values of a service's environment into what an ECS container receives: plain
/// environment variables, or ECS secrets from Secrets Manager or SSM.
/// </summary>
/// <remarks>
/// A value with a secret part (a secret parameter or a database connection) is never a plain
/// variable: a value that is exactly one secret is injected from it, and a composed one gets its own
/// secret assembled from dynamic references.
/// </remarks>
internal sealed class TaskValueResolver(Construct scope, AwsDeploymentModel model, SettingsConstruct settings, IPostgresDeployment? database, string imageTag, LangfuseConstruct? langfuse = null)
{
    private sealed record Resolved(string Text, bool Sensitive, EcsSecret? Direct);

    public void Apply(AwsServiceModel service, IDictionary<string, string> environment, IDictionary<string, EcsSecret> secrets)
    {
        foreach (var variable in service.Environment)
        {
            var resolved = Resolve(variable.Value);
            if (resolved.Direct is not null)
            {
                secrets[variable.Name] = resolved.Direct;
            }
            else if (resolved.Sensitive)
            {
                var composed = new Secret(scope, $"{service.Name}-{variable.Name}", new SecretProps
                {
                    SecretName = new AwsStackNames(model.Options).Secret($"{service.Name}/{variable.Name}"),
                    // The image tag changes at every deployment; so does this description, which makes
                    // CloudFormation update the secret and resolve the secrets it is composed from again.
                    Description = Fn.Join(string.Empty, [$"The composed value of {variable.Name} for {service.Name}, as of deployment ", imageTag]),
                    SecretStringValue = SecretValue.UnsafePlainText(resolved.Text),
                    RemovalPolicy = RemovalPolicy.DESTROY,
                });
                Nag.Acknowledge(composed, "AwsSolutions-SMG4", "Composed from other secrets at deployment; it changes when they do and the stack is deployed.");
                secrets[variable.Name] = EcsSecret.FromSecretsManager(composed);
            }
            else
            {
                environment[variable.Name] = resolved.Text;
            }
        }
    }

    private Resolved Resolve(AwsValue value)
    {
        switch (value)
        {
            case AwsLiteral literal:
                return new Resolved(literal.Text, false, null);
            case AwsServiceEndpoint endpoint:
                return new Resolved(Endpoint(endpoint), false, null);
            case AwsSettingReference setting when settings.IsSecret(setting.Name):
                var secret = settings.Secret(setting.Name);
                return new Resolved(secret.SecretValue.UnsafeUnwrap(), true, EcsSecret.FromSecretsManager(secret));
            case AwsSettingReference setting:
                var parameter = settings.Parameter(setting.Name);
                return new Resolved(parameter.StringValue, false, EcsSecret.FromSsmParameter(parameter));
            case AwsDatabaseConnection connection:
                var connectionString = Database().ConnectionString(connection.DatabaseName);
                return new Resolved(connectionString.SecretValue.UnsafeUnwrap(), true, EcsSecret.FromSecretsManager(connectionString));
            case AwsDatabaseEndpoint endpoint:
                var server = Database();
                var port = server.Port.ToString(CultureInfo.InvariantCulture);
                return new Resolved(endpoint.Part switch
                {
                    AwsEndpointPart.Host => server.Host,
                    AwsEndpointPart.Port => port,
                    AwsEndpointPart.Scheme => "tcp",
                    AwsEndpointPart.HostAndPort => Fn.Join(":", [server.Host, port]),
                    _ => Fn.Join(string.Empty, ["tcp://", server.Host, ":", port]),
                }, false, null);
            case AwsDatabaseCredential credential:
                var credentials = Database().Credentials;
                return new Resolved(credentials.SecretValueFromJson(credential.Field).UnsafeUnwrap(), true, EcsSecret.FromSecretsManager(credentials, credential.Field));
            case AwsLangfuseConnection:
                var langfuseConnection = (langfuse ?? throw new InvalidOperationException("A service references the self-hosted Langfuse, but none was built.")).ConnectionString;
                return new Resolved(langfuseConnection.SecretValue.UnsafeUnwrap(), true, EcsSecret.FromSecretsManager(langfuseConnection));
            case AwsComposite composite:
                var parts = composite.Parts.Select(Resolve).ToList();
                return new Resolved(Fn.Join(string.Empty, [.. parts.Select(p => p.Text)]), parts.Any(p => p.Sensitive), null);
            default:
                throw new AwsMappingException($"No ECS mapping for the value {value}.");
        }
    }

    private IPostgresDeployment Database() => database ?? throw new InvalidOperationException("A service uses the database, but none was built.");

    private string Endpoint(AwsServiceEndpoint endpoint)
    {
        var target = model.Service(endpoint.Service);
        var host = $"{target.Name}.{model.CloudMapNamespace}";
        var port = target.ContainerPort.ToString(CultureInfo.InvariantCulture);
        return endpoint.Part switch
        {
            AwsEndpointPart.Url => $"http://{host}:{port}",
            AwsEndpointPart.Host => host,
            AwsEndpointPart.Port => port,
            AwsEndpointPart.Scheme => "http",
            AwsEndpointPart.HostAndPort => $"{host}:{port}",
            _ => throw new AwsMappingException($"No ECS mapping for endpoint part {endpoint.Part}."),
        };
    }
}
