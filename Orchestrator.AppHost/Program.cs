var builder = DistributedApplication.CreateBuilder(args);

// --- AWS publishing (issue 3): the publish target of `aspire publish`/`aspire deploy`. ---
// Move next to the topology; add .PublishAsECSFargateService() to cortex and graph (cortex with
// o => o.DesiredCount = 3) and .PublishAsECSFargateServiceWithALB() to agentcore, and give each
// project its container port with .WithHttpEndpoint(targetPort: ...) in publish mode.
Orchestrator.Hosting.Aws.AwsCdkBuilderExtensions.AddAWSCDKEnvironment(builder, Orchestrator.ServiceDefaults.ResourceNames.Aws);
// --- end of AWS publishing ---

builder.Build().Run();
