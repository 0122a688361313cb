namespace Orchestrator.Graph.Engine;

/// <summary>Reserved names shared by the engine, its checkpoints and the service (the same spellings LangGraph uses).</summary>
public static class GraphConstants
{
    /// <summary>The virtual entry node; edges from it choose the first nodes.</summary>
    public const string Start = "__start__";

    /// <summary>The virtual finish node; an edge to it ends a branch.</summary>
    public const string End = "__end__";

    /// <summary>Pending-write channel holding the interrupts raised by a task.</summary>
    public const string InterruptWrite = "__interrupt__";

    /// <summary>Pending-write channel holding the resume values given to a task.</summary>
    public const string ResumeWrite = "__resume__";

    /// <summary>Pending-write channel holding the error a task failed with.</summary>
    public const string ErrorWrite = "__error__";

    /// <summary>Pending-write marker of a task that finished without writing anything.</summary>
    public const string NoWrites = "__no_writes__";

    /// <summary>Channel holding the <see cref="Send"/> packets to run in the next step.</summary>
    public const string TasksChannel = "__pregel_tasks";

    /// <summary>Prefix of the barrier channel of a wait-for-all edge (<c>join:a+b:target</c>).</summary>
    public const string JoinPrefix = "join:";

    /// <summary>Prefix of the trigger channel of each node.</summary>
    public const string BranchPrefix = "branch:to:";

    internal static bool IsSpecialWrite(string channel) =>
        channel is InterruptWrite or ResumeWrite or ErrorWrite;

    internal static bool IsReserved(string name) =>
        name.StartsWith("__", StringComparison.Ordinal) || name.StartsWith(BranchPrefix, StringComparison.Ordinal) || name.StartsWith(JoinPrefix, StringComparison.Ordinal) || name.Contains('|', StringComparison.Ordinal);
}
