namespace Orchestrator.Hosting.Langfuse;

/// <summary>How the AppHost provides Langfuse (<c>Orchestrator:Langfuse:Mode</c>).</summary>
public enum LangfuseMode
{
    /// <summary>External when <c>Parameters:langfuse-host</c> is set, else off. The default.</summary>
    Auto,

    /// <summary>No Langfuse: traces go to the dashboard only.</summary>
    Off,

    /// <summary>A Langfuse you run elsewhere (Langfuse Cloud or self-hosted): host and keys as parameters.</summary>
    External,

    /// <summary>Langfuse v3 in containers beside the app (needs a container runtime).</summary>
    Container,
}
