using Orchestrator.AgentCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentCoreServices();

var app = builder.Build();
if (await ApiKeyCommand.TryRunAsync(app, args, Console.Out))
{
    return;
}

app.UseAgentCorePipeline();
app.MapDefaultEndpoints();
app.MapAgentCoreApis();
app.Run();
