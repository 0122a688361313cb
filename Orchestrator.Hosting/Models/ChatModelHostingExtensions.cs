using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Orchestrator.Hosting.Models;

/// <summary>The <c>chat-model</c> connection string: which model provider the services use.</summary>
public static class ChatModelHostingExtensions
{
    /// <summary>Used when <c>ConnectionStrings:chat-model</c> is not set: no generative model, local embeddings only.</summary>
    public const string OfflineConnectionString = "Provider=Offline";

    /// <summary>
    /// Adds the model connection string from <c>ConnectionStrings:{name}</c> (user secrets,
    /// environment <c>ConnectionStrings__chat-model</c>, or the command line), defaulting to
    /// <see cref="OfflineConnectionString"/> so a fresh machine runs with no setup. The value is a
    /// secret parameter because OpenAI-compatible strings carry a key; publishing sends it to
    /// Secrets Manager.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddChatModel(this IDistributedApplicationBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configured = builder.Configuration.GetConnectionString(name);
        var value = string.IsNullOrWhiteSpace(configured) ? OfflineConnectionString : configured;
        var parameter = builder.AddParameter($"{name}-connection-string", value, secret: true);
        return builder.AddConnectionString(name, ReferenceExpression.Create($"{parameter}"));
    }
}
