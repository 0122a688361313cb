using Orchestrator.Graph;
using Orchestrator.Graph.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGraphServices();

var app = builder.Build();
app.UseOrchestratorProblemDetails();
app.MapDefaultEndpoints();
app.MapRunsApi();
app.Run();
