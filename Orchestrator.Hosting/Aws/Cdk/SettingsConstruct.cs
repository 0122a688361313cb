using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SSM;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// The application parameters: each secret one becomes a Secrets Manager secret, each other one an
/// SSM parameter whose value is a CloudFormation parameter (defaulting to the value known at publish).
/// </summary>
/// <remarks>
/// Secret values never enter a template: the secret is created with a generated placeholder and the
/// deploy step writes the real value with <c>put-secret-value</c>.
/// </remarks>
internal sealed class SettingsConstruct : Construct
{
    private readonly Dictionary<string, ISecret> _secrets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StringParameter> _parameters = new(StringComparer.Ordinal);

    public SettingsConstruct(Construct scope, string id, AwsDeploymentModel model)
        : base(scope, id)
    {
        var names = new AwsStackNames(model.Options);
        foreach (var setting in model.Settings)
        {
            if (setting.Secret)
            {
                var secret = new Secret(this, setting.Name, new SecretProps
                {
                    SecretName = names.Secret(setting.Name),
                    Description = $"The '{setting.Name}' parameter of the application; the deploy step writes its value.",
                    GenerateSecretString = new SecretStringGenerator { PasswordLength = 32, ExcludePunctuation = true },
                    RemovalPolicy = model.Options.Profile.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
                });
                Nag.Acknowledge(secret, "AwsSolutions-SMG4", "An application credential owned by an external system (e.g. Snowflake, Langfuse); it is rotated there and re-written by the deploy step.");
                _secrets[setting.Name] = secret;
            }
            else
            {
                var value = new Amazon.CDK.CfnParameter(this, $"{setting.Name}-value", new Amazon.CDK.CfnParameterProps
                {
                    Type = "String",
                    MinLength = 1,
                    Default = string.IsNullOrEmpty(setting.Default) ? null : setting.Default,
                    Description = $"The value of the '{setting.Name}' parameter (SSM {names.Parameter(setting.Name)}).",
                });
                value.OverrideLogicalId(ParameterLogicalId(setting.Name));
                _parameters[setting.Name] = new StringParameter(this, $"{setting.Name}-parameter", new StringParameterProps
                {
                    ParameterName = names.Parameter(setting.Name),
                    StringValue = value.ValueAsString,
                    Description = $"The '{setting.Name}' parameter of the application.",
                });
            }
        }
    }

    /// <summary>The CloudFormation parameter that carries a non-secret setting's value.</summary>
    public static string ParameterLogicalId(string settingName) =>
        "Setting" + string.Concat(settingName.Split('-', '_', '.').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));

    public ISecret Secret(string name) => _secrets[name];

    public StringParameter Parameter(string name) => _parameters[name];

    public bool IsSecret(string name) => _secrets.ContainsKey(name);

    public IEnumerable<ISecret> AllSecrets => _secrets.Values;

    public IEnumerable<StringParameter> AllParameters => _parameters.Values;
}
