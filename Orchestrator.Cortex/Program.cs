var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();

var app = builder.Build();
app.UseOrchestratorProblemDetails();
app.MapDefaultEndpoints();
app.Run();
