using Orchestrator.AgentCore;
using Orchestrator.AgentCore.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentCoreServices();

var app = builder.Build();
app.UseOrchestratorProblemDetails();
app.MapDefaultEndpoints();
app.MapInvocationsApi();
app.Run();
