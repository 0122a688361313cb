using Orchestrator.Hosting.Models;
using Orchestrator.Hosting.Postgres;
using Orchestrator.Hosting.Services;
using Orchestrator.ServiceDefaults;

var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddOrchestratorPostgres(ResourceNames.Postgres);
var orchestratorDb = postgres.AddDatabase(ResourceNames.OrchestratorDb, "orchestrator");
var warehouseDb = postgres.AddDatabase(ResourceNames.WarehouseDb, "warehouse");
var chatModel = builder.AddChatModel(ResourceNames.ChatModel);

var cortex = builder.AddProject<Projects.Orchestrator_Cortex>(ResourceNames.Cortex)
    .WithHttpEndpoint()
    .WithReference(warehouseDb).WaitFor(warehouseDb)
    .WithReference(chatModel)
    .WithHttpHealthCheck("/health");

var graph = builder.AddProject<Projects.Orchestrator_Graph>(ResourceNames.Graph)
    .WithHttpEndpoint()
    .WithReference(orchestratorDb).WaitFor(orchestratorDb)
    .WithReference(cortex).WaitFor(cortex)
    .WithReference(chatModel)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Orchestrator_AgentCore>(ResourceNames.AgentCore)
    .WithFixedHttpEndpoint("Orchestrator:AgentCore:Port", defaultPort: 8080)
    .WithExternalHttpEndpoints()
    .WithRunModeDefaults()
    .WithReference(orchestratorDb).WaitFor(orchestratorDb)
    .WithReference(graph).WaitFor(graph)
    .WithReference(chatModel)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
