using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// RDS for PostgreSQL in the private subnets: encrypted storage, 7 days of backups (point-in-time
/// recovery), TLS forced by the parameter group, credentials in Secrets Manager, Multi-AZ and deletion
/// protection from the profile.
/// </summary>
internal sealed class RdsPostgresConstruct : Construct, IPostgresDeployment
{
    private readonly PostgresConnectionStrings _connectionStrings;

    public RdsPostgresConstruct(Construct scope, string id, AwsDeploymentModel model, NetworkConstruct network)
        : base(scope, id)
    {
        var database = model.Database!;
        var defaults = model.Defaults;
        var profile = model.Options.Profile;
        var names = new AwsStackNames(model.Options);
        var engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps
        {
            Version = PostgresEngineVersion.Of(defaults.PostgresEngineVersion, defaults.PostgresMajorVersion),
        });

        SecurityGroup = new SecurityGroup(this, "security-group", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "PostgreSQL: reachable only from the ECS services that use it",
            AllowAllOutbound = false,
        });

        var parameters = new ParameterGroup(this, "parameters", new ParameterGroupProps
        {
            Engine = engine,
            Description = "Forces TLS on every connection",
            Parameters = new Dictionary<string, string> { ["rds.force_ssl"] = "1" },
        });

        Instance = new DatabaseInstance(this, "instance", new DatabaseInstanceProps
        {
            Engine = engine,
            InstanceType = new Amazon.CDK.AWS.EC2.InstanceType(database.InstanceClass.StartsWith("db.", StringComparison.Ordinal) ? database.InstanceClass[3..] : database.InstanceClass),
            Vpc = network.Vpc,
            VpcSubnets = NetworkConstruct.Private,
            SecurityGroups = [SecurityGroup],
            Credentials = Amazon.CDK.AWS.RDS.Credentials.FromGeneratedSecret("postgres", new CredentialsBaseOptions
            {
                SecretName = names.Secret("postgres/credentials"),
                ExcludeCharacters = " %+~`#$&*()|[]{}:;<>?!'/@\"\\=,",
            }),
            DatabaseName = database.Databases.Values.FirstOrDefault(),
            ParameterGroup = parameters,
            StorageEncrypted = true,
            StorageType = StorageType.GP3,
            AllocatedStorage = defaults.DatabaseStorageGiB,
            MaxAllocatedStorage = defaults.DatabaseMaxStorageGiB,
            BackupRetention = Duration.Days(defaults.BackupRetentionDays),
            DeleteAutomatedBackups = false,
            MultiAz = database.MultiAz,
            DeletionProtection = profile.DeletionProtection,
            IamAuthentication = true,
            EnablePerformanceInsights = true,
            CloudwatchLogsExports = ["postgresql", "upgrade"],
            AutoMinorVersionUpgrade = true,
            CopyTagsToSnapshot = true,
            RemovalPolicy = profile.RetainData ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
        });

        Nag.Acknowledge(Instance, "AwsSolutions-RDS11", "The default port is kept for client compatibility; the instance is in private subnets and its security group admits only the services.");
        if (!database.MultiAz)
        {
            Nag.Acknowledge(Instance, "AwsSolutions-RDS3", "The dev profile runs one availability zone to halve the database cost; the prod profile enables Multi-AZ.");
        }

        if (!profile.DeletionProtection)
        {
            Nag.Acknowledge(Instance, "AwsSolutions-RDS10", "The dev profile lets the stack be destroyed; the prod profile enables deletion protection.");
        }

        Nag.Acknowledge(Instance, "AwsSolutions-SMG4", "Rotation would invalidate the connection strings assembled at deployment; credentials are rotated by redeploying.");
        Nag.Acknowledge(Instance.Secret!, "AwsSolutions-SMG4", "Rotation would invalidate the connection strings assembled at deployment; credentials are rotated by redeploying.");

        _connectionStrings = new PostgresConnectionStrings(
            this, model, Instance.Secret!, Instance.DbInstanceEndpointAddress, Instance.DbInstanceEndpointPort, SslMode);
    }

    public DatabaseInstance Instance { get; }

    public ISecurityGroup SecurityGroup { get; }

    public int Port => 5432;

    public string SslMode => "Require";

    public string Host => Instance.DbInstanceEndpointAddress;

    public ISecret Credentials => Instance.Secret!;

    public ISecret ConnectionString(string? databaseResource) => _connectionStrings.For(databaseResource);
}
