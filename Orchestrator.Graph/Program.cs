using Orchestrator.Graph;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGraphServices();

var app = builder.Build();
app.UseOrchestratorProblemDetails();
app.MapDefaultEndpoints();
app.MapGraphApi();
app.Run();
