namespace Orchestrator.Graph.Engine.Checkpoints;

/// <summary>The position key under which a write is stored: special channels have one fixed negative slot per task, so saving them again replaces the old value.</summary>
public static class WriteIndex
{
    /// <summary>The slot of the <paramref name="index"/>-th write of a task to <paramref name="channel"/>.</summary>
    public static int Of(string channel, int index) => channel switch
    {
        GraphConstants.ErrorWrite => -1,
        GraphConstants.InterruptWrite => -3,
        GraphConstants.ResumeWrite => -4,
        _ => index,
    };
}
