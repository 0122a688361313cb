using Orchestrator.AI.Configuration;

namespace Orchestrator.AI;

/// <summary>
/// Which chat model the application was configured with. Always registered by
/// <see cref="ChatModelExtensions.AddChatModel"/>, whatever the provider.
/// </summary>
/// <remarks>
/// With <see cref="ChatModelProvider.Offline"/> no <c>IChatClient</c> is registered at all, so a
/// component that can work without a generative model checks <see cref="IsGenerative"/> (or asks the
/// service provider for an optional <c>IChatClient</c>) and falls back to embeddings and retrieved data.
/// </remarks>
public sealed class ChatModelInfo(ChatModelSettings settings)
{
    /// <summary>The provider that serves the model.</summary>
    public ChatModelProvider Provider => settings.Provider;

    /// <summary>The configured model id or inference-profile ARN; null when offline.</summary>
    public string? ModelId => settings.Model;

    /// <summary>True when an <c>IChatClient</c> is registered; false for <see cref="ChatModelProvider.Offline"/>.</summary>
    public bool IsGenerative => settings.Provider != ChatModelProvider.Offline;

    /// <summary>The parsed connection string (its key is never printed).</summary>
    public ChatModelSettings Settings => settings;

    /// <inheritdoc />
    public override string ToString() => settings.ToString();
}
