using Orchestrator.Hosting.Aws;
using Orchestrator.Hosting.Langfuse;
using Orchestrator.Hosting.Models;
using Orchestrator.Hosting.Postgres;
using Orchestrator.Hosting.Services;
using Orchestrator.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddOrchestratorPostgres(ResourceNames.Postgres);
var orchestratorDb = postgres.AddDatabase(ResourceNames.OrchestratorDb, "orchestrator");
// The demo warehouse is local only: in AWS, Cortex's warehouse is Snowflake.
var warehouseDb = postgres.AddDatabase(ResourceNames.WarehouseDb, "warehouse").RunModeOnly();
var chatModel = builder.AddChatModel(ResourceNames.ChatModel);
var langfuse = builder.AddLangfuse(ResourceNames.Langfuse, postgres);

var cortex = builder.AddProject<Projects.Orchestrator_Cortex>(ResourceNames.Cortex)
    .WithHttpEndpoint()
    .WithReference(warehouseDb).WaitFor(warehouseDb)
    .WithReference(chatModel)
    .WithLangfuse(langfuse)
    .WithHttpHealthCheck("/health");

var graph = builder.AddProject<Projects.Orchestrator_Graph>(ResourceNames.Graph)
    .WithHttpEndpoint()
    .WithReference(orchestratorDb).WaitFor(orchestratorDb)
    .WithReference(cortex).WaitFor(cortex)
    .WithReference(chatModel)
    .WithLangfuse(langfuse)
    .WithHttpHealthCheck("/health");

var agentCore = builder.AddProject<Projects.Orchestrator_AgentCore>(ResourceNames.AgentCore)
    .WithFixedHttpEndpoint("Orchestrator:AgentCore:Port", defaultPort: 8080)
    .WithExternalHttpEndpoints()
    .WithRunModeDefaults()
    .WithReference(orchestratorDb).WaitFor(orchestratorDb)
    .WithReference(graph).WaitFor(graph)
    .WithReference(chatModel)
    .WithLangfuse(langfuse)
    .WithHttpHealthCheck("/health");

// `aspire publish` and `aspire deploy` target ECS Fargate through AWS CDK.
builder.AddAWSCDKEnvironment(ResourceNames.Aws);
cortex.PublishAsECSFargateService(o => (o.DesiredCount, o.ContainerPort) = (3, 8002));
graph.PublishAsECSFargateService(o => (o.DesiredCount, o.ContainerPort) = (2, 8001));
agentCore.PublishAsECSFargateServiceWithALB(o => (o.DesiredCount, o.ContainerPort) = (2, 8080));

builder.Build().Run();
