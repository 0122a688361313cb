using Orchestrator.AgentCore;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAgentCoreServices();

var app = builder.Build();
if (await ApiKeyCommand.TryRunAsync(app, args, Console.Out, Console.Error) is { } exitCode)
{
    return exitCode;
}

app.UseAgentCorePipeline();
app.MapDefaultEndpoints();
app.MapAgentCoreApis();
app.Run();
return 0;
