using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orchestrator.AI;
using Orchestrator.AI.Configuration;
using Orchestrator.ServiceDefaults;

namespace Orchestrator.Tests.AI;

public sealed class ChatModelConnectionStringTests
{
    private const string Key = "ConnectionStrings:chat-model";

    [Theory]
    [InlineData("Provider=Gemini;Model=x", "'Provider'", "'Gemini' is not a known provider")]
    [InlineData("Provider=Bedrock;Region=us-east-1", "'Model'", "required")]
    [InlineData("Provider=Bedrock;Model=m", "'Region'", "required")]
    [InlineData("Provider=Bedrock;Model=m;Region=US East", "'Region'", "not an AWS region")]
    [InlineData("Provider=Bedrock;Model=m;Region=us-east-1;Endpoint=not a url", "'Endpoint'", "not an absolute")]
    [InlineData("Provider=OpenAI;Model=m;Endpoint=ftp://host/v1", "'Endpoint'", "not an absolute")]
    [InlineData("Provider=OpenAI;Model=m", "'Endpoint'", "required")]
    [InlineData("Provider=OpenAI;Endpoint=http://127.0.0.1:11434/v1", "'Model'", "required")]
    [InlineData("Model=m;Region=us-east-1", "'Provider'", "missing")]
    [InlineData("Provider=Bedrock;Modle=m;Region=us-east-1", "'Modle'", "not a known part")]
    [InlineData("Provider=1;Model=m", "'Provider'", "not a known provider")]
    public void Parse_BadValue_FailsNamingKeyAndPart(string value, string part, string problem)
    {
        var error = Assert.Throws<InvalidOperationException>(() => ChatModelConnectionString.Parse(value, Key));

        Assert.Contains($"'{Key}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(part, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("Provider=Offline")]
    [InlineData("provider=offline")]
    public void Parse_EmptyOrOffline_IsOffline(string? value) =>
        Assert.Equal(ChatModelProvider.Offline, ChatModelConnectionString.Parse(value, Key).Provider);

    [Fact]
    public void Parse_BedrockWithArnAndEndpoint_KeepsEveryPart()
    {
        var settings = ChatModelConnectionString.Parse(
            "Provider=Bedrock;Model=arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.meta.llama3-2-1b-instruct-v1:0;" +
            "Region=eu-west-1;Endpoint=https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com", Key);

        Assert.Equal(ChatModelProvider.Bedrock, settings.Provider);
        Assert.Equal("arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.meta.llama3-2-1b-instruct-v1:0", settings.Model);
        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal(new Uri("https://vpce-1.bedrock-runtime.eu-west-1.vpce.amazonaws.com/"), settings.BedrockEndpoint);
    }

    [Fact]
    public void Parse_BedrockWithoutEndpoint_UsesRegionalEndpoint() =>
        Assert.Equal(new Uri("https://bedrock-runtime.us-west-2.amazonaws.com/"),
            ChatModelConnectionString.Parse("Provider=Bedrock;Model=m;Region=us-west-2", Key).BedrockEndpoint);

    [Fact]
    public void ToString_WithKey_HidesIt() =>
        Assert.DoesNotContain("sk-secret", ChatModelConnectionString.Parse("Provider=OpenAI;Endpoint=http://h/v1;Model=m;Key=sk-secret", Key).ToString(), StringComparison.Ordinal);

    [Fact]
    public void AddChatModel_UnknownProvider_FailsStartUpNamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[Key] = "Provider=Watson;Model=x";

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddChatModel(ResourceNames.ChatModel));

        Assert.Contains("'ConnectionStrings:chat-model' has a bad 'Provider' part", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddChatModel_NothingConfigured_IsOfflineWithoutChatClient()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddChatModel(ResourceNames.ChatModel);
        using var host = builder.Build();

        var info = host.Services.GetRequiredService<ChatModelInfo>();
        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(info.IsGenerative);
        Assert.Null(host.Services.GetService<IChatClient>());
        Assert.Equal(HealthStatus.Healthy, report.Entries[ResourceNames.ChatModel].Status);
        Assert.Contains(ServiceDefaultsExtensions.ReadyTag, report.Entries[ResourceNames.ChatModel].Tags);
    }

    [Fact]
    public void AddChatModel_DevelopmentHost_PassesContainerValidation()
    {
        // Development turns on ValidateOnBuild and ValidateScopes, as services get under F5.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration[Key] = "Provider=Bedrock;Model=anthropic.claude-3-5-haiku-20241022-v1:0;Region=us-east-1";
        builder.AddServiceDefaults();
        builder.AddChatModel(ResourceNames.ChatModel);
        builder.AddLocalEmbeddings();
        using var host = builder.Build();

        var metadata = host.Services.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>();

        Assert.Equal("aws.bedrock", metadata?.ProviderName);
        Assert.Equal(new Uri("https://bedrock-runtime.us-east-1.amazonaws.com/"), metadata?.ProviderUri);
    }

    [Fact]
    public void AddChatModel_OpenAI_RegistersClientWithOpenAIMetadata()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration[Key] = "Provider=OpenAI;Endpoint=http://127.0.0.1:11434/v1;Model=llama3.2";
        builder.AddChatModel(ResourceNames.ChatModel);
        using var host = builder.Build();

        var metadata = host.Services.GetRequiredService<IChatClient>().GetService<ChatClientMetadata>();

        Assert.Equal("openai", metadata?.ProviderName);
        Assert.Equal("llama3.2", metadata?.DefaultModelId);
        Assert.True(host.Services.GetRequiredService<ChatModelInfo>().IsGenerative);
    }
}
