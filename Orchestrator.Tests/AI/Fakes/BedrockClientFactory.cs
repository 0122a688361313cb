using Amazon.Runtime;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orchestrator.AI;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.AI.Fakes;

/// <summary>Builds the chat client the way a service does: service defaults, then <c>AddChatModel</c>.</summary>
public static class BedrockClientFactory
{
    public static IHost CreateHost(FakeBedrockServer server, string modelId, AWSCredentials? credentials = null, bool useDefaultChain = false)
    {
        var builder = Host.CreateApplicationBuilder();
        // Console logging of every HTTP attempt would dominate the benchmark and flood test output.
        builder.Logging.ClearProviders();
        builder.AddServiceDefaults();
        builder.AddChatModel(ResourceNames.ChatModel, settings =>
        {
            settings.ConnectionString = $"Provider=Bedrock;Model={modelId};Region={FakeBedrockServer.Region};Endpoint={server.Endpoint}";
            settings.Credentials = useDefaultChain ? null : credentials ?? new BasicAWSCredentials(FakeBedrockServer.AccessKey, FakeBedrockServer.SecretKey);
            settings.RetryDelay = TimeSpan.FromMilliseconds(20);
        });
        return builder.Build();
    }

    public static IChatClient ChatClient(this IHost host) => host.Services.GetRequiredService<IChatClient>();
}
