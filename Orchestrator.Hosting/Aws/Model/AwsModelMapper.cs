using System.Globalization;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Orchestrator.Hosting.Langfuse;
using Orchestrator.Hosting.Postgres;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Hosting.Aws.Model;

/// <summary>
/// Turns the Aspire application model into the <see cref="AwsDeploymentModel"/>: every project becomes
/// a service, every reference a value the task can receive in AWS.
/// </summary>
/// <remarks>
/// The mapping works on the environment the projects' own callbacks produce, so a new parameter,
/// connection string or project reference reaches the services without a change here. A resource or
/// value it cannot place fails with <see cref="AwsMappingException"/> naming the resource.
/// </remarks>
public sealed partial class AwsModelMapper(AwsCdkEnvironmentResource environment, DistributedApplicationModel model, DistributedApplicationExecutionContext executionContext)
{
    private readonly Dictionary<string, AwsSettingModel> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _databases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ProjectResource> _projects = new(StringComparer.Ordinal);
    private IResource? _databaseServer;
    private (IResource Resource, LangfuseSelfHostedAnnotation Parts)? _langfuse;

    /// <summary>Maps the model.</summary>
    /// <exception cref="AwsMappingException">A resource or value has no AWS mapping.</exception>
    public async Task<AwsDeploymentModel> MapAsync(CancellationToken cancellationToken)
    {
        var defaults = environment.Defaults;
        _databaseServer = model.Resources.FirstOrDefault(IsPostgresServer);
        _langfuse = SelfHostedLangfuse();
        // WithReference(resource) also adds <RESOURCE>_<PROPERTY> variables built from the resource's parts
        // (e.g. WAREHOUSE_DB_HOST); for a resource left out of AWS they go too.
        ExcludedPrefixes = [.. model.Resources.Where(r => IsExcluded(r) && !IsDatabase(r)).Select(r => EnvironmentPrefix(r.Name))];
        foreach (var project in model.Resources.OfType<ProjectResource>().Where(p => !IsExcluded(p)))
        {
            _projects[project.Name] = project;
        }

        EnsureEveryResourceHasAMapping();

        var services = new List<AwsServiceModel>();
        foreach (var project in _projects.Values)
        {
            services.Add(await MapProjectAsync(project, defaults, cancellationToken).ConfigureAwait(false));
        }

        AwsDatabaseModel? database = null;
        if (_databaseServer is not null && (services.Any(s => s.UsesDatabase) || _langfuse is not null))
        {
            var annotation = _databaseServer.Annotations.OfType<AwsPostgresAnnotation>().LastOrDefault()
                ?? new AwsPostgresAnnotation(AwsPostgresHosting.Rds);
            if (annotation.Hosting == AwsPostgresHosting.Rds && _databases.Count > 1)
            {
                throw new AwsMappingException(
                    $"Services reference {_databases.Count} databases on '{_databaseServer.Name}' ({string.Join(", ", _databases.Keys)}), " +
                    "but RDS creates one database at launch. Reference one database in publish mode, or exclude the others with ExcludeFromManifest().");
            }

            database = new AwsDatabaseModel(
                _databaseServer.Name,
                annotation.Hosting,
                annotation.MultiAz ?? environment.Options.Profile.MultiAzDatabase,
                annotation.InstanceClass ?? defaults.DatabaseInstanceClass,
                new Dictionary<string, string>(_databases, StringComparer.Ordinal));
        }

        return new AwsDeploymentModel(environment.Options, defaults, services, database, [.. _settings.Values.OrderBy(s => s.Name, StringComparer.Ordinal)])
        {
            Langfuse = _langfuse is { } langfuse
                ? new AwsLangfuseModel(langfuse.Resource.Name, langfuse.Parts.Web.Name, langfuse.Parts.Worker.Name, langfuse.Parts.ClickHouse.Name, RdsDatabaseName(langfuse.Parts.DatabaseName))
                : null,
        };
    }

    // Container-mode Langfuse publishes as one self-hosted set (ECS services, ElastiCache, S3, a database on
    // the shared server) rather than container by container; its database must be on the server that publishes.
    private (IResource, LangfuseSelfHostedAnnotation)? SelfHostedLangfuse()
    {
        var marked = model.Resources
            .Where(r => !IsExcluded(r))
            .Select(r => (Resource: r, Parts: r.Annotations.OfType<LangfuseSelfHostedAnnotation>().LastOrDefault()))
            .Where(r => r.Parts is not null)
            .ToList();
        if (marked.Count == 0)
        {
            return null;
        }

        if (marked.Count > 1)
        {
            throw new AwsMappingException($"More than one self-hosted Langfuse ({string.Join(", ", marked.Select(m => m.Resource.Name))}); publish one.");
        }

        var (resource, parts) = (marked[0].Resource, marked[0].Parts!);
        if (_databaseServer is null || parts.Database is not IResourceWithParent child || !ReferenceEquals(child.Parent, _databaseServer))
        {
            throw new AwsMappingException(
                $"The self-hosted Langfuse '{resource.Name}' keeps its state in '{parts.Database.Name}', which is not a database of the published PostgreSQL server.");
        }

        return (resource, parts);
    }

    private bool IsLangfusePart(IResource resource) =>
        _langfuse is { } langfuse && (ReferenceEquals(resource, langfuse.Resource) || langfuse.Parts.Contains(resource));

    private void EnsureEveryResourceHasAMapping()
    {
        var unmapped = model.Resources
            .Where(r => !IsExcluded(r) && !IsDatabase(r) && !IsLangfusePart(r) && !HasMapping(r))
            .Select(r => $"'{r.Name}' ({r.GetType().Name})")
            .ToList();
        if (unmapped.Count > 0)
        {
            throw new AwsMappingException(
                $"No AWS mapping for {string.Join(", ", unmapped)}. Publish projects with PublishAsECSFargateService(), " +
                "PostgreSQL servers with PublishAsRdsPostgres() or PublishAsEcsPostgresWithEfs(), or leave a resource out of AWS with ExcludeFromManifest().");
        }
    }

    private static bool HasMapping(IResource resource) => resource switch
    {
        AwsCdkEnvironmentResource or ProjectResource or ParameterResource => true,
        IResourceWithParent { Parent: AwsCdkEnvironmentResource } => true,
        IResourceWithConnectionString withConnectionString => OnlyParameters(withConnectionString.ConnectionStringExpression),
        _ => false,
    };

    private static bool OnlyParameters(ReferenceExpression expression) =>
        !expression.IsConditional && expression.ValueProviders.All(p => p is ParameterResource || (p is ReferenceExpression inner && OnlyParameters(inner)));

    // The server publishes as RDS (or ECS with EFS) even when it is left out of the manifest, as the
    // process-based server is: its run-mode form has no meaning in AWS, its role does.
    private bool IsDatabase(IResource resource) =>
        _databaseServer is not null
        && (ReferenceEquals(resource, _databaseServer) || (resource is IResourceWithParent child && ReferenceEquals(child.Parent, _databaseServer)));

    private static bool IsPostgresServer(IResource resource) =>
        resource.Annotations.OfType<AwsPostgresAnnotation>().Any()
        || resource is Aspire.Hosting.ApplicationModel.PostgresServerResource or PostgresProcessServerResource
        || (resource.Name == ResourceNames.Postgres && resource is IResourceWithConnectionString);

    private static bool IsExcluded(IResource resource) =>
        resource.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var annotation)
        && ReferenceEquals(annotation, ManifestPublishingCallbackAnnotation.Ignore);

    private async Task<AwsServiceModel> MapProjectAsync(ProjectResource project, AwsDefaults defaults, CancellationToken cancellationToken)
    {
        var options = project.Annotations.OfType<EcsFargateServiceAnnotation>().LastOrDefault()?.Options ?? new EcsFargateServiceOptions();
        var port = ContainerPort(project, defaults);

        var variables = new Dictionary<string, object>(StringComparer.Ordinal);
        if (project.TryGetEnvironmentVariables(out var callbacks))
        {
            var context = new EnvironmentCallbackContext(executionContext, project, variables, cancellationToken);
            foreach (var callback in callbacks)
            {
                await callback.Callback(context).ConfigureAwait(false);
            }
        }

        var environmentVariables = new List<AwsEnvironmentVariable>();
        foreach (var (name, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (ExcludedPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue;
            }

            var mapped = MapValue(value, $"environment variable '{name}' of '{project.Name}'");
            if (mapped is not null)
            {
                environmentVariables.Add(new AwsEnvironmentVariable(name, mapped));
            }
        }

        // The container listens on plain HTTP where the task definition maps the port, whatever Aspire chose
        // locally; TLS ends at the load balancer.
        environmentVariables.RemoveAll(v => v.Name is "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS" or "ASPNETCORE_URLS" or "HTTP_PORTS" or "HTTPS_PORTS");
        environmentVariables.Add(new AwsEnvironmentVariable("ASPNETCORE_HTTP_PORTS", new AwsLiteral(port.ToString(CultureInfo.InvariantCulture))));
        environmentVariables.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        return new AwsServiceModel(
            project.Name,
            project.GetProjectMetadata().ProjectPath,
            port,
            options.DesiredCount ?? defaults.DesiredCount,
            options.Cpu ?? defaults.TaskCpu,
            options.MemoryMiB ?? defaults.TaskMemoryMiB,
            options.MinCapacity ?? defaults.MinCapacity,
            options.MaxCapacity ?? defaults.MaxCapacity,
            options.WithLoadBalancer,
            options.HealthCheckPath ?? defaults.HealthCheckPath,
            environmentVariables,
            options);
    }

    private static int ContainerPort(ProjectResource project, AwsDefaults defaults)
    {
        var options = project.Annotations.OfType<EcsFargateServiceAnnotation>().LastOrDefault()?.Options;
        if (options?.ContainerPort is { } configured)
        {
            return configured;
        }

        var http = project.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.UriScheme == "http");
        return http?.TargetPort ?? defaults.ContainerPort;
    }

    private AwsValue? MapValue(object? value, string where) => value switch
    {
        null => new AwsLiteral(string.Empty),
        string text => new AwsLiteral(text),
        ParameterResource parameter => MapParameter(parameter),
        ConnectionStringReference reference => MapConnectionString(reference.Resource, where),
        IResourceWithConnectionString resource => MapConnectionString(resource, where),
        EndpointReference endpoint => MapEndpoint(endpoint, EndpointProperty.Url, where),
        EndpointReferenceExpression expression => MapEndpoint(expression.Endpoint, expression.Property, where),
        ReferenceExpression expression => MapExpression(expression, where),
        // An address of the AppHost machine (e.g. the local dashboard's OTLP endpoint in run mode) means nothing in AWS.
        HostUrl => null,
        _ => throw new AwsMappingException(
            $"No AWS mapping for the value of {where}: {value.GetType().Name}. Use a parameter, a connection string or an endpoint reference."),
    };

    private string[] ExcludedPrefixes { get; set; } = [];

    private static string EnvironmentPrefix(string resourceName) =>
        string.Concat(resourceName.Select(c => char.IsLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_')) + "_";

    private AwsValue MapParameter(ParameterResource parameter)
    {
        if (_databaseServer is PostgresProcessServerResource processServer && ReferenceEquals(parameter, processServer.PasswordParameter))
        {
            return new AwsDatabaseCredential("password");
        }

        if (_databaseServer is PostgresServerResource server)
        {
            if (ReferenceEquals(parameter, server.PasswordParameter))
            {
                return new AwsDatabaseCredential("password");
            }

            if (ReferenceEquals(parameter, server.UserNameParameter))
            {
                return new AwsDatabaseCredential("username");
            }
        }

        if (!_settings.ContainsKey(parameter.Name))
        {
            _settings[parameter.Name] = new AwsSettingModel(parameter.Name, parameter.Secret, parameter.Secret ? null : KnownValue(parameter));
        }

        return new AwsSettingReference(parameter.Name);
    }

    // A non-secret parameter's value from configuration becomes the CloudFormation parameter's default.
    // A value that is not there at once would come from a prompt: the deploy step asks for it instead.
    private static string? KnownValue(ParameterResource parameter)
    {
        try
        {
            var task = parameter.GetValueAsync(CancellationToken.None).AsTask();
            return task.Wait(TimeSpan.FromMilliseconds(100)) ? task.Result : null;
        }
        catch (AggregateException)
        {
            return null;
        }
        catch (DistributedApplicationException)
        {
            return null;
        }
    }

    private AwsValue? MapConnectionString(IResourceWithConnectionString resource, string where)
    {
        if (IsExcluded(resource) && !IsDatabase(resource))
        {
            return null;
        }

        if (_langfuse is { } langfuse && ReferenceEquals(resource, langfuse.Resource))
        {
            return new AwsLangfuseConnection();
        }

        if (ReferenceEquals(resource, _databaseServer))
        {
            return new AwsDatabaseConnection(null);
        }

        if (resource is IResourceWithParent child && ReferenceEquals(child.Parent, _databaseServer))
        {
            if (IsExcluded(resource))
            {
                return null;
            }

            var databaseName = resource switch
            {
                PostgresDatabaseResource database => database.DatabaseName,
                PostgresProcessDatabaseResource database => database.DatabaseName,
                _ => resource.Name,
            };
            _databases[resource.Name] = RdsDatabaseName(databaseName);
            return new AwsDatabaseConnection(resource.Name);
        }

        return MapExpression(resource.ConnectionStringExpression, $"the connection string '{resource.Name}' ({where})");
    }

    private AwsValue? MapEndpoint(EndpointReference endpoint, EndpointProperty property, string where)
    {
        if (ReferenceEquals(endpoint.Resource, _databaseServer))
        {
            return new AwsDatabaseEndpoint(EndpointPart(property, where));
        }

        if (IsExcluded(endpoint.Resource))
        {
            return null;
        }

        if (!_projects.ContainsKey(endpoint.Resource.Name))
        {
            throw new AwsMappingException(
                $"No AWS mapping for {where}: it refers to an endpoint of '{endpoint.Resource.Name}', which is not published as a service.");
        }

        return new AwsServiceEndpoint(endpoint.Resource.Name, EndpointPart(property, where));
    }

    private static AwsEndpointPart EndpointPart(EndpointProperty property, string where) =>
        property switch
        {
            EndpointProperty.Url => AwsEndpointPart.Url,
            EndpointProperty.Host or EndpointProperty.IPV4Host => AwsEndpointPart.Host,
            EndpointProperty.Port or EndpointProperty.TargetPort => AwsEndpointPart.Port,
            EndpointProperty.Scheme => AwsEndpointPart.Scheme,
            EndpointProperty.HostAndPort => AwsEndpointPart.HostAndPort,
            _ => throw new AwsMappingException($"No AWS mapping for {where}: endpoint property {property}."),
        };

    private AwsValue? MapExpression(ReferenceExpression expression, string where)
    {
        if (expression.IsConditional)
        {
            throw new AwsMappingException($"No AWS mapping for {where}: conditional expressions are not supported.");
        }

        var parts = new List<AwsValue>();
        var literal = new System.Text.StringBuilder();
        var format = expression.Format;
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                literal.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = format.IndexOf('}', i);
            var placeholder = format[(i + 1)..close];
            var index = int.Parse(placeholder.Split(':')[0], CultureInfo.InvariantCulture);
            if (literal.Length > 0)
            {
                parts.Add(new AwsLiteral(literal.ToString()));
                literal.Clear();
            }

            var mapped = MapValue(expression.ValueProviders[index], where);
            if (mapped is null)
            {
                return null;
            }

            parts.Add(mapped);
            i = close;
        }

        if (literal.Length > 0)
        {
            parts.Add(new AwsLiteral(literal.ToString()));
        }

        return parts.Count == 1 ? parts[0] : new AwsComposite(parts);
    }

    /// <summary>RDS database names are letters, digits and underscores, starting with a letter.</summary>
    public static string RdsDatabaseName(string name) => NonWord().Replace(name, "_");

    [GeneratedRegex("[^A-Za-z0-9_]")]
    private static partial Regex NonWord();
}
