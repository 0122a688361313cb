using Amazon.CDK;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.Route53.Targets;
using Amazon.CDK.AWS.S3;
using Constructs;
using Orchestrator.Hosting.Aws.Model;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>
/// The internet-facing application load balancer in the public subnets: HTTP 80, and HTTPS 443 with a
/// redirect from 80 when a certificate is given (an ACM ARN, or a DNS-validated one for a Route 53
/// domain); ingress only from the allowed CIDR blocks.
/// </summary>
internal sealed class LoadBalancerConstruct : Construct
{
    public LoadBalancerConstruct(Construct scope, string id, AwsDeploymentModel model, NetworkConstruct network)
        : base(scope, id)
    {
        var options = model.Options;
        SecurityGroup = new SecurityGroup(this, "security-group", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "Load balancer: ingress from the allowed CIDR blocks only",
            AllowAllOutbound = false,
        });

        Certificate = CertificateFor(options);
        var cidrs = options.AllowedIngressCidrs.Count > 0 ? options.AllowedIngressCidrs : ["0.0.0.0/0"];
        foreach (var cidr in cidrs)
        {
            var peer = cidr.Contains(':', StringComparison.Ordinal) ? Peer.Ipv6(cidr) : Peer.Ipv4(cidr);
            SecurityGroup.AddIngressRule(peer, Port.Tcp(80), $"HTTP from {cidr}");
            if (Certificate is not null)
            {
                SecurityGroup.AddIngressRule(peer, Port.Tcp(443), $"HTTPS from {cidr}");
            }
        }

        if (cidrs.Contains("0.0.0.0/0"))
        {
            Nag.Acknowledge(SecurityGroup, "AwsSolutions-EC23", $"The public edge of the application; restrict it with {AwsCdkEnvironmentOptions.SectionName}:AllowedIngressCidrs.");
        }

        LoadBalancer = new ApplicationLoadBalancer(this, "alb", new ApplicationLoadBalancerProps
        {
            Vpc = network.Vpc,
            InternetFacing = true,
            SecurityGroup = SecurityGroup,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
            DropInvalidHeaderFields = true,
            DeletionProtection = options.Profile.DeletionProtection,
        });
        if (options.Region is not null)
        {
            var accessLogs = new Bucket(this, "access-logs", new BucketProps
            {
                // ALB log delivery supports SSE-S3 only.
                Encryption = BucketEncryption.S3_MANAGED,
                BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
                EnforceSSL = true,
                RemovalPolicy = options.Profile.RetainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
            });
            Nag.Acknowledge(accessLogs, "AwsSolutions-S1", "This bucket is the load balancer's access-log destination; logging it into itself would loop.");
            LoadBalancer.LogAccessLogs(accessLogs, "alb");
        }
        else
        {
            Nag.Acknowledge(LoadBalancer, "AwsSolutions-ELB2", $"Access-log delivery needs the region's ELB account in the bucket policy; set {AwsCdkEnvironmentOptions.SectionName}:Region to enable it. Requests remain visible in the services' logs and the ALB metrics.");
        }

        if (options.DomainName is not null && options.HostedZoneId is not null && options.HostedZoneName is not null)
        {
            var zone = HostedZone.FromHostedZoneAttributes(this, "zone", new HostedZoneAttributes { HostedZoneId = options.HostedZoneId, ZoneName = options.HostedZoneName });
            _ = new ARecord(this, "alias", new ARecordProps
            {
                Zone = zone,
                RecordName = options.DomainName,
                Target = RecordTarget.FromAlias(new LoadBalancerTarget(LoadBalancer)),
            });
        }

        _ = new CfnOutput(this, "url", new CfnOutputProps
        {
            Value = (Certificate is null ? "http://" : "https://") + (options.DomainName ?? LoadBalancer.LoadBalancerDnsName),
        });
    }

    public SecurityGroup SecurityGroup { get; }

    public ApplicationLoadBalancer LoadBalancer { get; }

    public IListenerCertificate? Certificate { get; private set; }

    /// <summary>Routes the load balancer to a service's health-checked target group.</summary>
    public ApplicationTargetGroup Route(FargateServiceConstruct service)
    {
        var targets = new ApplicationTargetGroup(this, $"{service.Model.Name}-targets", new ApplicationTargetGroupProps
        {
            Vpc = LoadBalancer.Vpc,
            Port = service.Model.ContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            DeregistrationDelay = Duration.Seconds(30),
            HealthCheck = new Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck
            {
                Path = service.Model.HealthCheckPath,
                HealthyHttpCodes = "200",
                Interval = Duration.Seconds(15),
                HealthyThresholdCount = 2,
                UnhealthyThresholdCount = 3,
            },
            Targets = [service.Service],
        });

        var port = Port.Tcp(service.Model.ContainerPort);
        service.SecurityGroup.AddIngressRule(SecurityGroup, port, $"Load balancer to {service.Model.Name}");
        SecurityGroup.AddEgressRule(service.SecurityGroup, port, $"Load balancer to {service.Model.Name}");

        if (Certificate is null)
        {
            LoadBalancer.AddListener("http", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                Open = false,
                DefaultAction = ListenerAction.Forward([targets]),
            });
        }
        else
        {
            LoadBalancer.AddListener("http", new BaseApplicationListenerProps
            {
                Port = 80,
                Protocol = ApplicationProtocol.HTTP,
                Open = false,
                DefaultAction = ListenerAction.Redirect(new RedirectOptions { Protocol = "HTTPS", Port = "443", Permanent = true }),
            });
            LoadBalancer.AddListener("https", new BaseApplicationListenerProps
            {
                Port = 443,
                Protocol = ApplicationProtocol.HTTPS,
                Open = false,
                Certificates = [Certificate],
                SslPolicy = SslPolicy.RECOMMENDED_TLS,
                DefaultAction = ListenerAction.Forward([targets]),
            });
        }

        return targets;
    }

    private ListenerCertificate? CertificateFor(AwsCdkEnvironmentOptions options)
    {
        if (options.CertificateArn is not null)
        {
            return ListenerCertificate.FromArn(options.CertificateArn);
        }

        if (options.DomainName is null || options.HostedZoneId is null || options.HostedZoneName is null)
        {
            return null;
        }

        var zone = HostedZone.FromHostedZoneAttributes(this, "certificate-zone", new HostedZoneAttributes { HostedZoneId = options.HostedZoneId, ZoneName = options.HostedZoneName });
        var certificate = new Certificate(this, "certificate", new CertificateProps
        {
            DomainName = options.DomainName,
            Validation = CertificateValidation.FromDns(zone),
        });
        return ListenerCertificate.FromCertificateManager(certificate);
    }
}
