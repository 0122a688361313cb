namespace Orchestrator.AI.Configuration;

/// <summary>The generative model provider chosen by the <c>Provider=</c> part of the <c>chat-model</c> connection string.</summary>
public enum ChatModelProvider
{
    /// <summary>No generative model: callers route and answer with local embeddings and retrieved data.</summary>
    Offline,

    /// <summary>Amazon Bedrock through the Converse and ConverseStream APIs, signed with SigV4.</summary>
    Bedrock,

    /// <summary>Any server that speaks the OpenAI chat-completions API.</summary>
    OpenAI,
}
