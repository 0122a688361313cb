using Amazon.CDK.AWS.EC2;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>Opens one port from one security group to another, on both sides, since every group here denies all egress by default.</summary>
internal static class SecurityGroupLinks
{
    public static void Allow(ISecurityGroup from, ISecurityGroup to, int port, string description)
    {
        to.AddIngressRule(from, Port.Tcp(port), description);
        from.AddEgressRule(to, Port.Tcp(port), description);
    }
}
