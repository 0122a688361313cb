using Orchestrator.Cortex;
using Orchestrator.Cortex.Apis;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddCortexServices();

var app = builder.Build();
app.UseOrchestratorProblemDetails();
app.UseEmbeddingHints();
app.MapDefaultEndpoints();
app.MapStatementsApi();
app.MapCortexFeatureApis();
app.Run();
