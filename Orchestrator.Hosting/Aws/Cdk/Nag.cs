using Amazon.CDK;
using Constructs;

namespace Orchestrator.Hosting.Aws.Cdk;

/// <summary>Acknowledges a cdk-nag finding on a construct, with the reason it is accepted.</summary>
internal static class Nag
{
    public static void Acknowledge(IConstruct construct, string ruleId, string reason) =>
        Validations.Of(construct).Acknowledge(new Acknowledgment { Id = ruleId, Reason = reason });
}
